/**
 * The security headers of every response the site sends: pages, static files, the OAuth server's
 * JSON and HTML, errors. Pure: the path and the configured origins decide them.
 */
import { CLIENT_PAGES, ENDPOINTS } from '../authserver/paths';

export interface HeaderConfig {
  /** The configured origins (the first decides https). */
  origins: readonly string[];
}

/**
 * Pages whose address or content carries codes or tokens: the client's redirect pages, the flow
 * pages (their walk-through shows them), the consent and device pages and every OAuth endpoint.
 * They send no Referer at all, so a code cannot leak to another site. @see RFC 6749 §10.6, RFC 9700 §4.2.4
 */
function showsSecrets(pathname: string): boolean {
  return (
    Object.values(CLIENT_PAGES).some((page) => pathname.startsWith(page)) ||
    pathname.startsWith('/flows/') ||
    pathname.startsWith('/oauth/') ||
    pathname.startsWith('/api/') ||
    pathname === ENDPOINTS.authorize ||
    pathname === ENDPOINTS.deviceVerification
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

/** Headers for every response. The page's own script and style policy comes from Astro (or the OAuth server's page policy). */
export function securityHeaders(pathname: string, config: HeaderConfig): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': referrerPolicy(pathname),
    'Content-Security-Policy': `${frameAncestors(config.origins)}; object-src 'none'; base-uri 'self'`,
    // Browsers remember to use https only when the site is served over it. @see RFC 6797 §7.2
    ...(isHttps(config) ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
