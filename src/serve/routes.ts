/**
 * Where the site's Node server sends a request, decided from its method and path alone: the OAuth
 * server's routes go straight to its fetch handler, everything else to the static files and then
 * to Astro. Pure, so it is unit-tested without a socket.
 */
import { ENDPOINTS } from '../authserver/paths';

/** The first segment of every endpoint of the toy server: `/.well-known/`, `/oauth/`, `/api/`, `/mcp/` (the MCP resource is `/mcp` itself). */
export const AUTHSERVER_PREFIXES: readonly string[] = [...new Set(Object.values(ENDPOINTS).map((path) => `/${path.split('/')[1]}/`))];

/** Astro's built-in endpoints the site does not use (on-demand image resizing, server islands, actions). */
const DISABLED_PREFIXES = ['/_image', '/_server-islands/', '/_actions/'];

export type Destination = 'authserver' | 'site' | 'disabled';

/** Methods each destination answers; anything else (TRACE, PUT, CONNECT…) is 405. @see RFC 9110 §15.5.6 */
export const ALLOWED_METHODS: Readonly<Record<Exclude<Destination, 'disabled'>, readonly string[]>> = {
  authserver: ['GET', 'HEAD', 'POST', 'OPTIONS'],
  site: ['GET', 'HEAD'],
};

export function destinationFor(pathname: string): Destination {
  if (AUTHSERVER_PREFIXES.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1))) return 'authserver';
  if (DISABLED_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return 'disabled';
  return 'site';
}

export type Routed =
  | { kind: 'authserver' | 'site'; pathname: string }
  | { kind: 'error'; status: 400 | 404 | 405; allow?: readonly string[] };

/**
 * Routes a request by its method and request target. Only the origin form (`/path?query`) is
 * served; the absolute and asterisk forms are refused, so the target cannot name another host.
 * @see RFC 9112 §3.2
 */
export function route(method: string, target: string): Routed {
  if (!target.startsWith('/')) return { kind: 'error', status: 400 };
  let pathname: string;
  try {
    // Appended, not resolved: `//evil.example/x` is a path here, never a host.
    pathname = new URL(`http://x${target}`).pathname;
  } catch {
    return { kind: 'error', status: 400 };
  }
  const destination = destinationFor(pathname);
  if (destination === 'disabled') return { kind: 'error', status: 404 };
  const allow = ALLOWED_METHODS[destination];
  if (!allow.includes(method)) return { kind: 'error', status: 405, allow };
  return { kind: destination, pathname };
}
