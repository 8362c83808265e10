// Benchmark helper (not a test): one production server (dist/server/serve.mjs) in a child process
// that also answers the benchmark's IPC questions:
//   "stats": its RSS, its V8 heap and its store's own accounting;
//   "mark":  start counting what it serves (see below);
//   "served": since the mark (and then it stops counting), how long the server itself held each
//            request, from node:http's parsed request to the response's last byte handed to the
//            socket (p50/p95/p99), and the
//            process's CPU time per request (event loop and thread pool). What a client measures
//            beyond that is time spent waiting: to be read off the socket, or to be read back.
// Both are taken from node:http's own diagnostics channels, so the server runs as it is.
import { subscribe } from 'node:diagnostics_channel';
import { percentiles } from './percentile.mjs';

const SITE_SERVER = Symbol.for('oauth-sequence-lab.auth-server');

/** Milliseconds each request was held, between a mark and the question "served"; none kept otherwise (the soak measures RSS). */
let held;
let cpuAtMark = process.cpuUsage();
const started = new WeakMap();
subscribe('http.server.request.start', ({ response }) => held && started.set(response, performance.now()));
subscribe('http.server.response.finish', ({ response }) => {
  const at = started.get(response);
  if (at !== undefined) held?.push(performance.now() - at);
});

function served() {
  const cpu = process.cpuUsage(cpuAtMark);
  const requests = held ?? [];
  held = undefined;
  const [p50, p95, p99] = percentiles(requests, [0.5, 0.95, 0.99]).map((ms) => ms ?? 0);
  return { requests: requests.length, p50, p95, p99, cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, requests.length) };
}

process.on('message', (message) => {
  if (message === 'mark') {
    held = [];
    cpuAtMark = process.cpuUsage();
    process.send({ marked: true });
  } else if (message === 'served') {
    process.send(served());
  } else if (message === 'stats') {
    const store = globalThis[SITE_SERVER]?.store;
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    process.send({ rss, heap: { used: heapUsed, total: heapTotal, external }, store: typeof store?.stats === 'function' ? store.stats() : undefined });
  }
});
await import(new URL('../dist/server/serve.mjs', import.meta.url).href);
