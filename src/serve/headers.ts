/**
 * The security headers of every response the site sends: pages, static files, the OAuth server's
 * JSON and HTML, errors. Pure: the path and the configured origins decide them.
 */
import { CLIENT_PAGES } from '../authserver/paths';
import { destinationFor } from './routes';

export interface HeaderConfig {
  /** The configured origins (the first decides https). */
  origins: readonly string[];
}

/**
 * Pages whose address or content carries codes or tokens: the client's redirect pages, the flow
 * pages (their walk-through shows them), and everything the OAuth server answers (its consent and
 * device pages, its JSON). They send no Referer at all, so a code cannot leak to another site.
 * @see RFC 6749 §10.6, RFC 9700 §4.2.4
 */
function showsSecrets(pathname: string): boolean {
  return (
    destinationFor(pathname) === 'authserver' ||
    pathname.startsWith('/flows/') ||
    Object.values(CLIENT_PAGES).some((page) => pathname.startsWith(page))
  );
}

export function referrerPolicy(pathname: string): 'no-referrer' | 'strict-origin-when-cross-origin' {
  return showsSecrets(pathname) ? 'no-referrer' : 'strict-origin-when-cross-origin';
}

/**
 * Only the site frames its pages (the walk-through's browser frame), on any of its origins: the
 * native-app lesson's page on `localhost` frames the loopback redirect on `127.0.0.1`.
 * @see RFC 6749 §10.13 (clickjacking)
 */
export function frameAncestors(origins: readonly string[]): string {
  return `frame-ancestors 'self' ${origins.join(' ')}`;
}

export function isHttps(config: HeaderConfig): boolean {
  return config.origins[0]?.startsWith('https:') ?? false;
}

/** The two sets of headers of a configuration (one per Referrer-Policy), made once. */
const madeHeaders = new WeakMap<HeaderConfig, Map<string, Readonly<Record<string, string>>>>();

/**
 * Headers for every response, named in lower case as node:http keeps them. The page's own script and
 * style policy comes from Astro (or the OAuth server's page policy).
 */
export function securityHeaders(pathname: string, config: HeaderConfig): Readonly<Record<string, string>> {
  const policy = referrerPolicy(pathname);
  let made = madeHeaders.get(config);
  if (!made) madeHeaders.set(config, (made = new Map()));
  let headers = made.get(policy);
  if (!headers) {
    headers = Object.freeze({
      'x-content-type-options': 'nosniff',
      'referrer-policy': policy,
      'content-security-policy': `${frameAncestors(config.origins)}; object-src 'none'; base-uri 'self'`,
      // Browsers remember to use https only when the site is served over it. @see RFC 6797 §7.2
      ...(isHttps(config) ? { 'strict-transport-security': 'max-age=31536000' } : {}),
    });
    made.set(policy, headers);
  }
  return headers;
}
