/**
 * Which origins the site answers on. The issuer and every absolute URL the server builds come from
 * this list, never from the request's Host header, so `Host: evil.example` cannot change where codes
 * are sent. @see RFC 8414 §2 (the issuer is a fixed https URL); RFC 9700 §4.1 (redirect URI attacks)
 */

export interface OriginEnv {
  /** The one public origin behind a proxy, e.g. `https://lab.example.org`. */
  PUBLIC_ORIGIN?: string | undefined;
  /** The port the server listens on (4321 by default, like `astro dev`). */
  PORT?: string | undefined;
}

export const DEFAULT_PORT = 4321;

/**
 * `PUBLIC_ORIGIN` alone when it is set; otherwise the two loopback origins of the port, since the
 * native-app lesson is served on `localhost` and redirects to `127.0.0.1`. @see RFC 8252 §7.3
 */
export function configuredOrigins(env: OriginEnv): string[] {
  if (env.PUBLIC_ORIGIN) return [parseOrigin(env.PUBLIC_ORIGIN)];
  const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a TCP port, not "${env.PORT}"`);
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

/** An origin as the URL standard serialises it (`https://lab.example.org`), or an error naming the bad value. */
export function parseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_ORIGIN must be an origin such as https://lab.example.org, not "${value}"`);
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !bare) {
    throw new Error(`PUBLIC_ORIGIN must be a bare http(s) origin with no path, not "${value}"`);
  }
  return url.origin;
}

/** The allowed origin a request was addressed to, or `undefined` when it was addressed elsewhere. */
export function matchOrigin(origins: readonly string[], requestOrigin: string): string | undefined {
  return origins.find((origin) => origin === requestOrigin);
}

export type HostVerdict = Readonly<{ ok: true; origin: string } | { ok: false; status: 400 | 421; reason: string }>;

/**
 * The verdicts on the Host values last seen, per list of origins: a server sees the same few on every
 * request, and each costs URL parsing. Bounded, so a client sending made-up Hosts cannot grow it.
 */
const seenHosts = new WeakMap<readonly string[], Map<string, HostVerdict>>();
const MAX_SEEN_HOSTS = 64;

/**
 * Checks a Host header against the allowed origins. A value that is not a bare `host[:port]`
 * (userinfo, a path, a query) is malformed: 400. A well-formed host the site does not serve: 421.
 * @see RFC 9110 §7.2 (Host), §15.5.20 (421 Misdirected Request)
 */
export function checkHost(origins: readonly string[], host: string | undefined): HostVerdict {
  if (!host) return { ok: false, status: 400, reason: 'the request has no Host header' };
  let seen = seenHosts.get(origins);
  if (!seen) seenHosts.set(origins, (seen = new Map()));
  let verdict = seen.get(host);
  if (!verdict) {
    verdict = decideHost(origins, host);
    if (seen.size >= MAX_SEEN_HOSTS) seen.delete(seen.keys().next().value!);
    seen.set(host, verdict);
  }
  return verdict;
}

function decideHost(origins: readonly string[], host: string): HostVerdict {
  // host = uri-host [ ":" port ]: a reg-name or an IP literal, nothing else. @see RFC 9110 §7.2, RFC 3986 §3.2.2
  if (!/^(?:[A-Za-z0-9._~!$&'()*+,;=%-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host)) {
    return { ok: false, status: 400, reason: 'the Host header is not a host and port' };
  }
  for (const origin of origins) {
    const allowed = new URL(origin);
    if (allowed.host === normalHost(allowed.protocol, host)) return { ok: true, origin };
  }
  return { ok: false, status: 421, reason: 'this server does not answer for that host' };
}

/** The host as the URL standard serialises it for that scheme (lower case, default port dropped). */
function normalHost(protocol: string, host: string): string | undefined {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return undefined;
  }
}
