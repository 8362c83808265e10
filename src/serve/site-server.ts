/**
 * The site's one Node HTTP server: checks the Host against the configured origins, refuses
 * unsupported methods, sends the OAuth server's routes straight to its fetch handler (no page
 * rendering on that path), serves the built static files with caching and precompressed bodies,
 * and hands the remaining on-demand pages to Astro, compressing what those two produce (`compression.ts`).
 * Every response carries the security headers.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type OutgoingHttpHeader, type Server, type ServerResponse } from 'node:http';
import sirv from 'sirv';
import { checkHost, DEFAULT_LIMITS, type AuthServer } from '../authserver';
import { bodyTextOf } from '../authserver/http';
import { CSS, THEME_SCRIPT } from '../authserver/html/layout';
import { compressBody, compressResponse } from './compression';
import { frameAncestors, securityHeaders } from './headers';
import { readBody, sendResponse, toRequest } from './node-bridge';
import { route } from './routes';

export interface SiteServerOptions {
  /** The configured origins; a request for any other host gets 421. */
  origins: readonly string[];
  authServer: AuthServer;
  /** The built static files (`dist/client`). */
  clientDir: string;
  /** Astro's request handler (the Node adapter in middleware mode). */
  renderPage: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  /** Headers of each prerendered page (its CSP), by path, from the adapter's `_headers.json`. */
  pageHeaders?: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** Slow or idle clients cannot hold sockets open: the whole request within 30 s, its headers within 10 s. */
export const TIMEOUTS = { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000 } as const;

/** Hashed build assets never change under their name; everything else is revalidated (ETag). */
export function cacheControl(pathname: string): string {
  return pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The OAuth server's own HTML pages (consent, device, errors): their one inline script and style by
 * hash. No form-action: the consent form's redirect goes to the client's redirect URI, on any origin.
 * Their framing is the handler's (`frame-ancestors 'self'`: a learner's lab switch may lift it on the
 * consent page); a page that sends none gets the site's rule. A page with a whole policy of its own
 * (`default-src`: the attacker's pages, with their own scripts) keeps it.
 */
function authServerPagePolicy(origins: readonly string[]): (handlerPolicy: string | null) => string {
  const base = `default-src 'none'; script-src ${sha256(THEME_SCRIPT)}; style-src ${sha256(CSS)}; img-src 'self' data:; base-uri 'none'`;
  return (handlerPolicy) => (handlerPolicy?.includes('default-src') ? handlerPolicy : `${base}; ${handlerPolicy ?? frameAncestors(origins)}`);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(`${text}\n`);
}

export function createSiteServer(options: SiteServerOptions): Server {
  const config = { origins: options.origins };
  const pagePolicy = authServerPagePolicy(options.origins);
  /** A prerendered page's own headers: `/flows/x/`, `/flows/x/index.html` and `/404.html` are keyed `/flows/x`, `/404`. */
  const pageHeaders = (pathname: string) =>
    options.pageHeaders?.get(pathname.replace(/(?:\/index)?\.html$/, '').replace(/(.)\/$/, '$1')) ?? {};
  const statics = sirv(options.clientDir, {
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders(res, pathname) {
      res.setHeader('Cache-Control', cacheControl(pathname));
      for (const [name, value] of Object.entries(pageHeaders(pathname))) appendPolicy(res, name, value);
    },
  });

  async function toAuthServer(req: IncomingMessage, res: ServerResponse, origin: string, security: Readonly<Record<string, string>>): Promise<void> {
    const method = req.method ?? 'GET';
    const body = method === 'POST' ? await readBody(req, DEFAULT_LIMITS.maxBodyBytes) : undefined;
    if (method === 'POST' && body === undefined) return; // the client went away mid-upload
    const response = await options.authServer.answer(toRequest(req, origin), body);
    if (response.headers.get('content-type')?.startsWith('text/html')) {
      response.headers.set('Content-Security-Policy', pagePolicy(response.headers.get('Content-Security-Policy')));
    } else response.headers.delete('Content-Security-Policy');
    const bodyText = bodyTextOf(response);
    await sendResponse(res, response, { method, encode: (status, headers, body) => compressBody(req, status, headers, body), base: security, ...(bodyText !== undefined ? { bodyText } : {}) });
  }

  /** The security headers of the path a request is for. */
  const securityFor = (routed: ReturnType<typeof route>) => securityHeaders(routed.kind === 'error' ? '/' : routed.pathname, config);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = checkHost(options.origins, req.headers.host);
    const routed = route(req.method ?? '', req.url ?? '');
    const security = securityFor(routed);
    if (host.ok && routed.kind === 'authserver') return toAuthServer(req, res, host.origin, security);
    for (const [name, value] of Object.entries(security)) res.setHeader(name, value);
    if (!host.ok) return sendText(res, host.status, host.reason);
    if (routed.kind === 'error') {
      const reasons = { 400: 'bad request target', 404: 'not found', 405: 'method not allowed' };
      return sendText(res, routed.status, reasons[routed.status], routed.allow ? { Allow: routed.allow.join(', ') } : {});
    }
    await new Promise<void>((resolve, reject) => {
      res.once('finish', resolve);
      res.once('close', resolve);
      statics(req, res, () => {
        // First, so that keepBothPolicies sees Astro's headers before compression's hook applies them.
        compressResponse(req, res);
        keepBothPolicies(res, pageHeaders('/404')['Content-Security-Policy']);
        Promise.resolve(options.renderPage(req, res)).then(resolve, reject);
      });
    });
  }

  const server = createServer(TIMEOUTS, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (req.destroyed || res.destroyed) return; // the client closed the connection
      console.error('[serve] could not answer', req.method, req.url, err);
      if (!res.headersSent) sendText(res, 500, 'server error', securityFor(route(req.method ?? '', req.url ?? '')));
      else res.destroy();
    });
  });
  // A malformed, too slow or oversized request gets its status line and nothing else; a reset socket, nothing.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const status =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return server;
}

/**
 * Astro writes an on-demand page's CSP with `writeHead`, which would replace the one set here
 * (frame-ancestors); keep both policies. Its 404 page, read from disk, comes without one: give it
 * the prerendered 404's policy.
 */
function keepBothPolicies(res: ServerResponse, notFoundPolicy: string | undefined): void {
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const headers = rest.find((arg): arg is Record<string, OutgoingHttpHeader> => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
    const ours = res.getHeader('content-security-policy');
    const theirs = headers?.['content-security-policy'] ?? (status === 404 ? notFoundPolicy : undefined);
    if (headers && ours !== undefined && theirs !== undefined) {
      headers['content-security-policy'] = [ours, theirs].flat().map(String);
    }
    return writeHead(status, ...rest);
  }) as ServerResponse['writeHead'];
}

/** Adds a second Content-Security-Policy instead of replacing the first: the browser enforces both. */
function appendPolicy(res: ServerResponse, name: string, value: string): void {
  const existing = res.getHeader(name);
  if (name.toLowerCase() !== 'content-security-policy' || existing === undefined) return void res.setHeader(name, value);
  res.setHeader(name, [...(Array.isArray(existing) ? existing : [String(existing)]), value]);
}
