/**
 * Which origin is the attacker's. The lab and its attacker are the two loopback names of one port:
 * different origins (and sites) to the browser, so cookies, storage and frame ancestry really are
 * separate, yet one server answers both. The lab runs on the first configured origin; the attacker
 * is the other loopback name of it (`localhost:P` → `127.0.0.1:P`, and the other way round). With
 * `PUBLIC_ORIGIN` the site has one origin only, and no attacker origin.
 * A leaf module with no imports, so the browser's walk-through chunk can use it too.
 * @see RFC 6454 §4 (an origin is scheme, host and port)
 */

const OTHER_LOOPBACK_NAME: Readonly<Record<string, string>> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };

/** The same origin under the other loopback name, or null when it is not on a loopback name. */
export function otherLoopbackOrigin(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  const host = OTHER_LOOPBACK_NAME[url.hostname];
  if (!host || url.origin !== origin) return null;
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}

/** The attacker's origin for a site served on `origins` (the lab on the first): the other loopback name, if the site answers it. */
export function attackerOrigin(origins: readonly string[]): string | null {
  const lab = origins[0];
  const other = lab === undefined ? null : otherLoopbackOrigin(lab);
  return other !== null && origins.includes(other) ? other : null;
}
