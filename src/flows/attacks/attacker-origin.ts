/**
 * Which origin is the attacker's: the other loopback name of the lab's own, on the same port (the lab on
 * `localhost:P` has its attacker on `127.0.0.1:P`, and the other way round). The two are different origins to
 * the browser (separate cookies, storage and frame ancestry), so cross-origin attacks happen for real.
 * Null when the lab is not on a loopback name (a public deployment has no second origin of its own).
 * @see RFC 6454 §4 (an origin is scheme, host and port)
 */
export function attackerOriginOf(labOrigin: string): string | null {
  let url: URL;
  try {
    url = new URL(labOrigin);
  } catch {
    return null;
  }
  const other: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };
  const host = other[url.hostname];
  if (!host) return null;
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}
