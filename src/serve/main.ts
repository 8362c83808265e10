/**
 * `npm start`: the production server. Built by `astro build` to `dist/server/serve.mjs`, beside the
 * Node adapter's `entry.mjs` (Astro's page handler) and the static files in `dist/client/`.
 *   PORT (4321), HOST (all interfaces), PUBLIC_ORIGIN (default: the loopback origins of PORT).
 */
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
server.listen({ port, ...(host ? { host } : {}) }, () => {
  console.log(`OAuth Sequence Lab on ${origins.join(' and ')} (listening on ${host ?? 'all interfaces'}:${port})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
