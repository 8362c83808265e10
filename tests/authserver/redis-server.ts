import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const REDIS_SERVER = '/usr/bin/redis-server';
/** Ports the unit tests may use for their own redis-server (the first free one is taken). */
const UNIT_TEST_PORTS = [4343, 4344, 4345, 4346, 4347, 4348, 4349, 4350, 4351, 4352];

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server on 127.0.0.1 (no persistence) and waits until it accepts connections. */
export async function startRedisServer(ports: readonly number[] = UNIT_TEST_PORTS): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: the Redis store tests need Debian's redis-server (apt-get install redis-server; .ci/run installs it)`);
  }
  const failures: string[] = [];
  for (const port of ports) {
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const outcome = await readiness(child);
    if (outcome === 'ready') {
      // Never leave a redis-server behind, even when the test run is cut short.
      const orphanGuard = () => child.kill('SIGKILL');
      process.once('exit', orphanGuard);
      return {
        url: `redis://127.0.0.1:${port}`,
        stop: async () => {
          process.off('exit', orphanGuard);
          await stopProcess(child);
        },
      };
    }
    failures.push(`port ${port}: ${outcome}`);
    await stopProcess(child);
  }
  throw new Error(`redis-server did not start on any of ports ${ports.join(', ')}:\n${failures.join('\n')}`);
}

/** Resolves `ready` when redis-server says so, or the reason it did not start (e.g. the port is taken). */
function readiness(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve('ready');
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => resolve(`exited with ${code}: ${output.trim().split('\n').at(-1) ?? ''}`));
    child.once('error', (err) => resolve(err.message));
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
