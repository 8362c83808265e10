// Benchmark (not a test): one class with 500 simulated followers over real HTTP against the production
// server (run `npm run build` first), in its own process. Each follower has its own learner id and its
// own Server-Sent Events stream; the instructor steps the class again and again, and for each step the
// fan-out latency is the time from sending the instructor's step to the last follower receiving it.
// Prints p50/p95 of that latency and the server's RSS. Port 4491 (BENCH_CLASS_PORT to change it).
//
//   npm run bench:classes
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { percentile } from './percentile.mjs';
import { SERVER_NODE_FLAGS } from './server-flags.mjs';

if (!existsSync(join('dist', 'server', 'serve.mjs'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}
const FOLLOWERS = Number(process.env.BENCH_CLASS_FOLLOWERS ?? 500);
const ROUNDS = Number(process.env.BENCH_CLASS_ROUNDS ?? 40);
const PORT = Number(process.env.BENCH_CLASS_PORT ?? 4491);
const origin = `http://127.0.0.1:${PORT}`;

// Paths and the flow come from the site's own tables, never retyped.
const outdir = join('node_modules', '.cache', 'osl-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'classes.mjs');
await build({
  stdin: {
    contents: "export { ENDPOINTS } from './src/authserver/paths.ts';\nexport { authorizationCode } from './src/flows/authorization-code.ts';",
    resolveDir: '.',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'error',
});
const { ENDPOINTS, authorizationCode } = await import(pathToFileURL(outfile).href);

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

function send(method, path, { cookie, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, {
      method,
      agent,
      headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.once('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

async function learnerCookie() {
  const { headers } = await send('GET', ENDPOINTS.labTrace);
  return headers['set-cookie'][0].split(';')[0];
}

/** A follower: its event stream, calling `onState` with each state's version as it arrives. */
function follow(code, cookie, onState) {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${ENDPOINTS.labClassEvents}?code=${code}`, { agent: false, headers: { cookie, accept: 'text/event-stream' } });
    req.once('error', reject);
    req.once('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error(`a follower got ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.includes('event: state')) continue;
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) onState(JSON.parse(data.slice(6)).version);
        }
      });
      res.on('error', () => undefined);
      resolve(() => req.destroy());
    });
    req.end();
  });
}

const server = fork('scripts/bench-instance.mjs', { env: { ...process.env, HOST: '127.0.0.1', PORT: String(PORT) }, execArgv: SERVER_NODE_FLAGS, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => chunk.toString().includes('listening') && resolve());
  server.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
});
const rss = () => new Promise((resolve) => (server.once('message', (m) => resolve(m.rss)), server.send('stats')));

try {
  const rssIdle = await rss();
  const instructor = await learnerCookie();
  const started = await send('POST', ENDPOINTS.labClasses, { cookie: instructor, body: { flow: authorizationCode.slug } });
  if (started.status !== 201) throw new Error(`starting the class answered ${started.status}: ${started.text}`);
  const { code, secret, version: firstVersion } = JSON.parse(started.text);

  // Every follower's latest version, and who is still waiting for the version of the current round.
  let waitingFor = firstVersion;
  let pending = FOLLOWERS;
  let settle = () => {};
  const latest = new Array(FOLLOWERS).fill(0);
  const onState = (index) => (version) => {
    const before = latest[index];
    latest[index] = Math.max(before, version);
    if (before < waitingFor && version >= waitingFor && --pending === 0) settle();
  };
  const allNotified = () => new Promise((resolve) => (pending === 0 ? resolve() : (settle = resolve)));

  const closers = [];
  const cookies = [];
  for (let i = 0; i < FOLLOWERS; i += 50) cookies.push(...(await Promise.all(Array.from({ length: Math.min(50, FOLLOWERS - i) }, learnerCookie))));
  for (let i = 0; i < FOLLOWERS; i += 50) {
    closers.push(...(await Promise.all(cookies.slice(i, i + 50).map((cookie, j) => follow(code, cookie, onState(i + j))))));
  }
  await allNotified();
  const rssConnected = await rss();

  const latencies = [];
  const steps = authorizationCode.steps.length;
  for (let round = 1; round <= ROUNDS; round++) {
    waitingFor = firstVersion + round;
    pending = latest.filter((version) => version < waitingFor).length;
    const notified = allNotified();
    const sent = performance.now();
    const reply = await send('POST', ENDPOINTS.labClassInstructor, { cookie: instructor, body: { code, secret, action: 'step', step: round % (steps + 1) } });
    if (reply.status !== 200) throw new Error(`a step answered ${reply.status}: ${reply.text}`);
    await notified;
    latencies.push(performance.now() - sent);
  }
  const rssAfter = await rss();
  const ms = (value) => `${value.toFixed(1)} ms`;
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  console.log(`\nOne class, ${FOLLOWERS} followers over real HTTP (Server-Sent Events), ${ROUNDS} instructor steps, in-memory store`);
  console.log(`  fan-out latency, instructor step → last follower notified: p50 ${ms(percentile(latencies, 0.5))}, p95 ${ms(percentile(latencies, 0.95))}, max ${ms(Math.max(...latencies))}`);
  console.log(`  server RSS: ${mb(rssIdle)} idle, ${mb(rssConnected)} with ${FOLLOWERS} followers connected, ${mb(rssAfter)} after the steps`);
  console.log('  target (printed, not asserted): p95 ≤ 1000 ms ("within a second")');

  await send('POST', ENDPOINTS.labClassInstructor, { cookie: instructor, body: { code, secret, action: 'end' } });
  for (const close of closers) close();
} finally {
  agent.destroy();
  server.kill('SIGTERM');
}
