// Benchmark helper (not a test): one production server (dist/server/serve.mjs) in a child process
// that also answers the benchmark's IPC question "stats" with its RSS, its V8 heap and its store's own accounting.
const SITE_SERVER = Symbol.for('oauth-sequence-lab.auth-server');

process.on('message', (message) => {
  if (message !== 'stats') return;
  const store = globalThis[SITE_SERVER]?.store;
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  process.send({ rss, heap: { used: heapUsed, total: heapTotal, external }, store: typeof store?.stats === 'function' ? store.stats() : undefined });
});
await import(new URL('../dist/server/serve.mjs', import.meta.url).href);
