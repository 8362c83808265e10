/**
 * The static site's Service Worker: the lab's authorization server, running in the reader's browser.
 * It answers every request the Node server would send straight to the handler (`/oauth/*`, `/api/*`,
 * `/.well-known/*` and the lab endpoints, as `src/serve/routes.ts` decides) by calling the same
 * handler, `createAuthServer`, over an IndexedDB store, and the attack lessons' attacker (its pages
 * and server, `withAttacker`) below `/attacker-site`, where it stands on this one origin; everything
 * else (pages, assets, the lab's callback pages) comes from the static files. Browsers stop an idle
 * worker at any time: nothing lives only in this worker's memory, so the next request starts a worker
 * that finds the keys, codes, tokens, grants, clock and trace where they were.
 * Bundled by esbuild (`src/integrations/static-site.ts`) to `sw.js` at the site's base, whose scope
 * is that base: published under `/oauth-lab/`, it serves `/oauth-lab/oauth/token` and the issuer is
 * `<origin>/oauth-lab`.
 */
import { createAuthServer, type AuthServer } from '../authserver';
import { withAttacker } from '../authserver/attacker';
import { attackerSite } from '../authserver/attacker/origin';
import { toOAuthError } from '../authserver/errors';
import { withBody } from '../authserver/http';
import { jsonErrorResponse } from '../authserver/responses';
import { openIndexedDbStore } from '../authserver/store/indexeddb';
import { openCookieJar } from './cookie-jar';
import { servedByLabServer } from './sw-routes';

/** What this file uses of the Service Worker's global scope (the DOM library the project compiles with has no worker types). */
interface WorkerEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface WorkerFetchEvent extends WorkerEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly registration: { readonly scope: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: WorkerEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: WorkerFetchEvent) => void): void;
}

const worker = globalThis as unknown as ServiceWorkerScope;
/** The site's base path without its trailing slash: `''` at the root, e.g. `/oauth-lab` below one. */
const basePath = new URL(worker.registration.scope).pathname.replace(/\/$/, '');

let server: Promise<AuthServer> | undefined;
function labServer(): Promise<AuthServer> {
  return (server ??= Promise.all([openIndexedDbStore(), openCookieJar()]).then(([store, cookieJar]) =>
    // The attack lessons' attacker too, on the one origin this worker controls: below `/attacker-site`.
    withAttacker(createAuthServer({ store, cookieJar, basePath, origins: [worker.location.origin] }), attackerSite('browser', worker.location.origin, basePath)),
  ));
}

async function answer(request: Request): Promise<Response> {
  try {
    return await (await labServer()).handle(request);
  } catch (err) {
    // The handler answers every error itself; this is only a store that cannot open.
    server = undefined; // the next request tries again
    return withBody(jsonErrorResponse(toOAuthError(err)));
  }
}

worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));
// Take over the page that registered the worker at once, so its first walk-through step reaches the server.
worker.addEventListener('activate', (event) => event.waitUntil(worker.clients.claim()));
worker.addEventListener('fetch', (event) => {
  if (servedByLabServer(new URL(event.request.url), worker.location.origin, basePath)) event.respondWith(answer(event.request));
});
