/**
 * What the production entry chose for the site's one auth server: its store (Redis with
 * `REDIS_URL`) and its JWT signer (`node:crypto`). The entry opens the store before it loads
 * anything that creates the server, and leaves both here; kept on `globalThis` because the entry and
 * Astro's pages are bundled separately. Without them (`astro dev`, tests) the server uses the
 * in-memory store and Web Crypto.
 */
import type { Signer } from './jws';
import type { Store } from './store/types';

export interface SitePlatform {
  store?: Store;
  signer?: Signer;
}

const SITE_PLATFORM = Symbol.for('oauth-sequence-lab.site-platform');
const registry = globalThis as { [SITE_PLATFORM]?: SitePlatform };

export function provideSitePlatform(platform: SitePlatform): void {
  registry[SITE_PLATFORM] = platform;
}

export function providedSitePlatform(): SitePlatform {
  return registry[SITE_PLATFORM] ?? {};
}
