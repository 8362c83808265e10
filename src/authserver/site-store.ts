/**
 * The store of the site's one auth server, when the production entry chose it (Redis with
 * `REDIS_URL`). The entry opens the store before it loads anything that creates the server, and
 * leaves it here; kept on `globalThis` because the entry and Astro's pages are bundled separately.
 * Without it (`astro dev`, tests) the server uses the in-memory store.
 */
import type { Store } from './store/types';

const SITE_STORE = Symbol.for('oauth-sequence-lab.site-store');
const registry = globalThis as { [SITE_STORE]?: Store };

export function provideSiteStore(store: Store): void {
  registry[SITE_STORE] = store;
}

export function providedSiteStore(): Store | undefined {
  return registry[SITE_STORE];
}
