/**
 * One instance of the production server (loaded by `main.ts` once the store is open): the site
 * server in front of the auth server and Astro's page handler, listening on PORT and HOST.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authServer, configuredOrigins } from '../authserver';
import { DEFAULT_PORT } from '../authserver/origins';
import { createSiteServer, type SiteServerOptions } from './site-server';

interface AstroEntry {
  handler: SiteServerOptions['renderPage'];
}

/** The adapter's per-page headers (the CSP of each prerendered page), by path without a trailing slash. */
function readPageHeaders(serverDir: URL): Map<string, Record<string, string>> {
  let entries: { pathname: string; headers: { key: string; value: string }[] }[] = [];
  try {
    entries = JSON.parse(readFileSync(new URL('../_headers.json', serverDir), 'utf8'));
  } catch {
    // No prerendered page has headers of its own.
  }
  return new Map(
    entries.map(({ pathname, headers }) => [pathname.replace(/\/$/, '') || '/', Object.fromEntries(headers.map((h) => [h.key, h.value]))]),
  );
}

const serverDir = new URL('./', import.meta.url);
// Importing the adapter's entry starts nothing in middleware mode; it only exports the handler.
const astro = (await import(new URL('entry.mjs', serverDir).href)) as AstroEntry;
const origins = configuredOrigins(process.env);
const port = Number(process.env.PORT ?? DEFAULT_PORT);
const host = process.env.HOST;

const server = createSiteServer({
  origins,
  authServer,
  clientDir: fileURLToPath(new URL('../client/', serverDir)),
  renderPage: astro.handler,
  pageHeaders: readPageHeaders(serverDir),
});
// Load the signing keys now (or make and store them), not on the first request.
authServer.keys().catch(() => undefined);
server.listen({ port, ...(host ? { host } : {}) }, () => {
  const worker = cluster.isWorker ? ` (worker ${cluster.worker!.id}, process ${process.pid})` : '';
  console.log(`OAuth Sequence Lab on ${origins.join(' and ')} (listening on ${host ?? 'all interfaces'}:${port})${worker}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => void authServer.store.close().finally(() => process.exit(0)));
    server.closeAllConnections();
  });
}
