import { recordCheck, type RequestContext } from '../context';
import { insufficientScope, invalidScope } from '../errors';
import type { DemoClient } from '../seed';

/** Space-delimited, case-sensitive scope tokens. @see RFC 6749 §3.3 */
export function parseScope(scope: string | undefined): string[] {
  return scope === undefined ? [] : [...new Set(scope.split(' ').filter((s) => s !== ''))];
}

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * The requested scope must be a subset of what the client may ask for; omitted means the client's default.
 * @see RFC 6749 §3.3
 */
export function checkRequestedScope(ctx: RequestContext, client: DemoClient, scope: string | undefined): string[] {
  const requested = scope === undefined ? [...client.scopes] : parseScope(scope);
  const malformed = requested.filter((token) => !SCOPE_TOKEN.test(token));
  const notAllowed = requested.filter((token) => !client.scopes.includes(token));
  const pass = requested.length > 0 && malformed.length === 0 && notAllowed.length === 0;
  recordCheck(ctx, {
    name: 'scope is allowed for client',
    rfc: 'RFC 6749 §3.3',
    inputs: { requested: scope ?? null, allowed: client.scopes.join(' ') },
    pass,
    detail: pass
      ? scope === undefined
        ? `No scope was requested; the client's default "${requested.join(' ')}" applies.`
        : 'Every requested scope is one this client may ask for.'
      : notAllowed.length > 0
        ? `Not allowed for ${client.client_id}: ${notAllowed.join(' ')}.`
        : 'The scope is empty or malformed.',
  });
  if (!pass) throw invalidScope(requested.length === 0 ? 'scope is empty' : 'scope includes a value this client may not request');
  return requested;
}

/**
 * A narrower scope on refresh must stay within the original grant.
 * @see RFC 6749 §6 ("MUST NOT include any scope not originally granted")
 */
export function checkScopeWithinGrant(ctx: RequestContext, granted: string, scope: string | undefined): string {
  if (scope === undefined) return granted;
  const grantedScopes = parseScope(granted);
  const requested = parseScope(scope);
  const extra = requested.filter((token) => !grantedScopes.includes(token));
  const pass = requested.length > 0 && extra.length === 0;
  recordCheck(ctx, {
    name: 'scope covers request',
    rfc: 'RFC 6749 §6',
    inputs: { granted, requested: scope },
    pass,
    detail: pass ? 'The requested scope is within the original grant.' : `Never granted: ${extra.join(' ')}.`,
  });
  if (!pass) throw invalidScope('scope includes a value the original grant does not');
  return requested.join(' ');
}

/** The resource server's check: the token's scope covers what this API needs. @see RFC 6750 §3.1 */
export function checkTokenScope(ctx: RequestContext, tokenScope: string, required: string): void {
  const pass = parseScope(tokenScope).includes(required);
  recordCheck(ctx, {
    name: 'scope covers request',
    rfc: 'RFC 6750 §3.1',
    actor: 'resource',
    inputs: { token_scope: tokenScope, required },
    pass,
    detail: pass ? `The token carries "${required}".` : `The token lacks "${required}", so the API answers 403.`,
  });
  if (!pass) throw insufficientScope(`this API needs the ${required} scope`);
}
