import { recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { labSwitchInput, type LabSwitchValue } from '../lab-switches';
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

/**
 * What a lax server does instead of exact matching: the requested URI only has to start with a
 * registered one, where a `*` stands for any run of characters. Both are what RFC 9700 §4.1.1
 * shows going wrong: `*` meant for a host also matches `/`, `?` and another host, and a prefix lets
 * the attacker append whatever they like.
 * @see RFC 9700 §4.1.1, §4.1.3
 */
function laxlyMatches(registered: string, requested: string): boolean {
  const pattern = registered.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}`, 's').test(requested);
}

/** The request cannot be trusted with a redirect: the user gets an error page. */
const refuse = (description: string) => invalidRequest(description, { mayRedirect: false });

/**
 * Exact string match against the registered redirect URIs (native apps' loopback: any port).
 * Without redirect_uri the single registered one is used.
 * Failures are never redirected: the caller shows an error page.
 * With the learner's `exact-redirect-uri` lab switch off, a URI that matches no registered one
 * exactly is still accepted when it matches one by prefix or `*` pattern (`laxlyMatches`).
 * @see RFC 6749 §3.1.2.3, §3.1.2.4, §4.1.2.1; RFC 9700 §2.1, §4.1 (exact matching)
 */
export function checkRedirectUri(ctx: RequestContext, client: DemoClient, requested: string | undefined, exactMatch: LabSwitchValue = 'on'): string {
  // Paths are the site's own pages (below the site's base, not below an issuer path of its own).
  const registered = registeredRedirectUris(client, ctx.sitePagesBase);
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
  // A registration with `*` is a pattern, never an address: only a lax matcher reads it (`laxlyMatches`).
  for (const candidate of registered.filter((uri) => !uri.includes('*'))) {
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
  // Even a lax server needs an absolute URI without a fragment to redirect to. @see RFC 6749 §3.1.2
  const redirectable = requestedUrl !== undefined && requestedUrl.hash === '' && !requested.includes('#');
  const lax = exactMatch === 'off' && redirectable ? registered.find((candidate) => laxlyMatches(candidate, requested)) : undefined;
  if (lax !== undefined) {
    recordCheck(ctx, {
      name,
      rfc: 'RFC 9700 §4.1',
      inputs: { ...labSwitchInput('exact-redirect-uri', exactMatch), registered, received: requested, matched: lax },
      pass: true,
      detail: 'No registered redirect_uri equals it, but exact match is off (lab setting): it starts with (or fits the pattern of) a registered one, so the code goes there.',
    });
    return requested;
  }
  recordCheck(ctx, {
    name,
    rfc: 'RFC 6749 §3.1.2.3',
    inputs: { ...(exactMatch === 'off' ? labSwitchInput('exact-redirect-uri', exactMatch) : {}), registered, received: requested },
    pass: false,
    detail: 'The redirect_uri is not exactly one of the registered ones (exact match), so the server must not redirect to it.',
  });
  throw refuse('redirect_uri does not match any registered redirect URI');
}
