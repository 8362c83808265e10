import { recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import type { DemoClient } from '../seed';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]']);

/** Registered redirect URIs, with paths resolved against the request origin. */
export function registeredRedirectUris(client: DemoClient, origin: string): string[] {
  return client.redirect_uris.map((uri) => (uri.startsWith('/') ? `${origin}${uri}` : uri));
}

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

/**
 * A native app's loopback redirect matches its registered loopback redirect on any port.
 * Web clients never get this: theirs must match exactly, even when the site runs on 127.0.0.1.
 * @see RFC 8252 §7.3 ("MUST allow any port to be specified at the time of the request for loopback IP redirect URIs")
 * @see RFC 8252 §8.3 (loopback IP literals, not "localhost")
 */
function loopbackMatches(client: DemoClient, registered: URL, requested: URL): boolean {
  return (
    client.application_type === 'native' &&
    registered.protocol === 'http:' &&
    requested.protocol === 'http:' &&
    LOOPBACK_HOSTS.has(registered.hostname) &&
    LOOPBACK_HOSTS.has(requested.hostname) &&
    requested.username === '' &&
    requested.password === '' &&
    registered.pathname === requested.pathname &&
    registered.search === requested.search &&
    requested.hash === ''
  );
}

/** The request cannot be trusted with a redirect: the user gets an error page. */
const refuse = (description: string) => invalidRequest(description, { mayRedirect: false });

/**
 * Exact string match against the registered redirect URIs (native apps' loopback: any port).
 * Without redirect_uri the single registered one is used.
 * Failures are never redirected: the caller shows an error page.
 * @see RFC 6749 §3.1.2.3, §4.1.2.1; RFC 9700 §2.1 (exact matching)
 */
export function checkRedirectUri(ctx: RequestContext, client: DemoClient, requested: string | undefined): string {
  const registered = registeredRedirectUris(client, ctx.issuer);
  const name = 'redirect_uri matches';
  if (requested === undefined) {
    if (registered.length === 1) {
      recordCheck(ctx, {
        name,
        rfc: 'RFC 6749 §3.1.2.3',
        inputs: { registered, received: null },
        pass: true,
        detail: 'No redirect_uri was sent; the only registered one is used.',
      });
      return registered[0]!;
    }
    recordCheck(ctx, {
      name,
      rfc: 'RFC 6749 §3.1.2.3',
      inputs: { registered, received: null },
      pass: false,
      detail: 'No redirect_uri was sent and the client has several (or none) registered.',
    });
    throw refuse('redirect_uri is required for this client');
  }
  const requestedUrl = parse(requested);
  for (const candidate of registered) {
    if (candidate === requested) {
      recordCheck(ctx, {
        name,
        rfc: 'RFC 6749 §3.1.2.3',
        inputs: { registered, received: requested },
        pass: true,
        detail: 'The redirect_uri is exactly one of the registered ones.',
      });
      return requested;
    }
    const candidateUrl = parse(candidate);
    if (candidateUrl && requestedUrl && loopbackMatches(client, candidateUrl, requestedUrl)) {
      recordCheck(ctx, {
        name: `${name} (loopback, any port)`,
        rfc: 'RFC 8252 §7.3',
        inputs: { registered, received: requested },
        pass: true,
        detail: 'A loopback redirect matches the registered one on any port.',
      });
      return requested;
    }
  }
  recordCheck(ctx, {
    name,
    rfc: 'RFC 6749 §3.1.2.3',
    inputs: { registered, received: requested },
    pass: false,
    detail: 'The redirect_uri is not registered for this client, so the server must not redirect to it.',
  });
  throw refuse('redirect_uri does not match any registered redirect URI');
}
