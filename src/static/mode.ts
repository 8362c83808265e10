/**
 * Which server the pages talk to. `node`: the site's own Node server (`npm start`), shared by everybody
 * who opens the site. `browser`: the static build (`npm run build:static`), whose authorization server
 * runs in each reader's browser, in a Service Worker: every single-learner feature works, but nothing
 * is shared between people (no class to follow, no class questions) and nothing outside the browser
 * (curl, another machine) can reach it. Fixed at build time by `PUBLIC_LAB_MODE`.
 */
import { SITE_BASE } from '../authserver/paths';

export type LabMode = 'node' | 'browser';

export function labMode(): LabMode {
  return import.meta.env?.PUBLIC_LAB_MODE === 'browser' ? 'browser' : 'node';
}

/** Whether features that need one server shared by several people (classes, following an instructor) can run. */
export function hasSharedServer(): boolean {
  return labMode() === 'node';
}

/** What the pages say about the mode, near the walk-through and on `/server/`. */
export const LAB_MODE_NOTE = {
  node: 'Lab server: this site’s own server, shared by everyone who opens it.',
  browser: 'Lab server: in this browser (Service Worker).',
} as const satisfies Record<LabMode, string>;

/** Where a page that needs the shared server points readers of the static site. */
export const NODE_SERVER_HELP = `${SITE_BASE}/server/#node-server`;

/** What the static site says where a class would start or be joined (`NeedsSharedServer.astro`), before its link to `NODE_SERVER_HELP`. */
export const CLASSES_NEED_SHARED_SERVER =
  'Classes need one lab server shared by everybody in the room. On this copy of the site the lab server runs inside each reader’s own browser, so no class can reach it.';

/** The Service Worker's script and scope: the site's base. */
export const SERVICE_WORKER_URL = `${SITE_BASE}/sw.js`;
export const SERVICE_WORKER_SCOPE = `${SITE_BASE}/`;

let ready: Promise<void> | undefined;

/**
 * Resolves once the lab server can answer this page: at once with the Node server; in the static
 * build, once the Service Worker is registered and controls the page (on a first visit it installs,
 * activates and claims the page; later it is already there). Rejects where there is no Service
 * Worker (an old browser, or a private window that refuses one).
 */
export function labServerReady(): Promise<void> {
  if (labMode() !== 'browser') return Promise.resolve();
  return (ready ??= waitForServiceWorker());
}

async function waitForServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) throw new Error('This browser has no Service Worker, which runs the lab server of this site.');
  const container = navigator.serviceWorker;
  const controlled = new Promise<void>((resolve) => {
    if (container.controller) resolve();
    else container.addEventListener('controllerchange', () => resolve(), { once: true });
  });
  await container.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE });
  await controlled;
}
