/**
 * `npm start`: the production server. Built by `astro build` to `dist/server/serve.mjs`, beside the
 * Node adapter's `entry.mjs` (Astro's page handler) and the static files in `dist/client/`.
 *   PORT (4321), HOST (all interfaces), PUBLIC_ORIGIN (default: the loopback origins of PORT),
 *   REDIS_URL (the store; default: in memory), WEB_CONCURRENCY (workers sharing the port; default 1).
 * The store is opened (and Redis pinged) before the server is loaded, so a wrong REDIS_URL stops the
 * server at start with a clear message, never a learner's request.
 */
import cluster from 'node:cluster';
import { provideSitePlatform } from '../authserver/site-platform';
import { openStore } from '../authserver/store/from-env';
import { workerCount } from './instances';
import { nodeSigner } from './node-signer';

function fail(message: string): never {
  console.error(`OAuth Sequence Lab cannot start: ${message}`);
  process.exit(1);
}

/** The primary of several workers: checks the store once, forks, and stops them all on a signal. */
async function runPrimary(count: number): Promise<void> {
  await (await openStore(process.env)).close();
  const listening = new Set<number>();
  let stopping = false;
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  const fork = () => {
    const worker = cluster.fork();
    worker.once('listening', () => listening.add(worker.id));
  };
  cluster.on('exit', (worker, code, signal) => {
    const how = signal ?? `code ${code}`;
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // A worker that never listened will fail again (a taken port, a bad origin): stop, do not loop.
    if (!listening.delete(worker.id)) {
      console.error(`OAuth Sequence Lab cannot start: worker ${worker.id} exited before listening (${how})`);
      process.exitCode = 1;
      stopAll();
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    console.error(`worker ${worker.id} exited (${how}); starting another`);
    fork();
  });
  for (let i = 0; i < count; i++) fork();
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, stopAll);
}

try {
  const count = workerCount(process.env);
  if (cluster.isPrimary && count > 1) {
    await runPrimary(count);
  } else {
    provideSitePlatform({ store: await openStore(process.env), signer: nodeSigner });
    await import('./start');
  }
} catch (reason) {
  fail(reason instanceof Error ? reason.message : String(reason));
}
