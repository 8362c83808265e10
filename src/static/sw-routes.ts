import { ATTACKER_SITE_PATH } from '../authserver/paths';
import { destinationFor } from '../serve/routes';

/**
 * Whether the Service Worker answers a request with the lab server: a same-origin request below the
 * site's base whose path the Node server would hand straight to the handler (`/oauth/*`, `/api/*`,
 * `/.well-known/*`, the lab endpoints), or that is on the attacker's site, which on one origin stands
 * under `/attacker-site/` (`src/authserver/attacker/origin.ts`). Everything else goes on to the static files.
 */
export function servedByLabServer(url: URL, origin: string, base: string): boolean {
  if (url.origin !== origin || !url.pathname.startsWith(`${base}/`)) return false;
  const path = url.pathname.slice(base.length);
  return destinationFor(path) === 'authserver' || path.startsWith(`${ATTACKER_SITE_PATH}/`);
}
