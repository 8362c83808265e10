/**
 * What an on-demand page needs from the site's configuration: the origin to print in absolute URLs
 * (never the Host header) and a learner id for the visitor (the lab pages and `/server/`, whose curl
 * examples carry it).
 */
import { authServer, configuredOrigins, matchOrigin, resolveLearner } from '../authserver';
import { attackerOrigin } from '../authserver/attacker/origin';

const ORIGINS = configuredOrigins(process.env);

/** The configured origin the page was requested on, or the first configured one. */
export function siteOrigin(url: URL): string {
  return matchOrigin(ORIGINS, url.origin) ?? ORIGINS[0]!;
}

/**
 * The visitor's learner id; a visitor without one the server issued gets a new one, set on the
 * page's own response.
 */
export async function pageLearnerId(request: Request, responseHeaders: Headers): Promise<string> {
  const learner = await resolveLearner(authServer.store, request.headers.get('cookie'), siteOrigin(new URL(request.url)), {
    issueToNewcomers: true,
  });
  if (learner.setCookie) responseHeaders.append('Set-Cookie', learner.setCookie);
  return learner.id!;
}

/** The attack lessons' attacker origin (the other loopback name of the site's), or null when the site has one origin only. */
export function siteAttackerOrigin(): string | null {
  return attackerOrigin(ORIGINS);
}
