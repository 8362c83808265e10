import { recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import type { Params } from '../http';
import { SCOPE_OPENID } from '../seed';

/** What an OpenID Connect authentication request adds to an authorization request. */
export interface OpenIdRequest {
  nonce?: string;
  max_age?: number;
}

/** `max_age`: a non-negative integer of seconds. @see OpenID Connect Core 1.0 §3.1.2.1 */
const MAX_AGE = /^(0|[1-9][0-9]{0,9})$/;

/**
 * A request whose scope has `openid` is a sign-in: its `nonce` (optional in the code flow) is
 * kept to be echoed in the ID token, and `max_age` must be a number of seconds. This server keeps
 * no sign-in session, so the user always signs in anew and any `max_age` is met.
 * @see OpenID Connect Core 1.0 §3.1.2.1, §3.1.2.2, §15.5.2 (nonce)
 */
export function checkOpenIdRequest(ctx: RequestContext, scopes: readonly string[], params: Params): OpenIdRequest {
  const nonce = params.get('nonce');
  const maxAge = params.get('max_age');
  if (!scopes.includes(SCOPE_OPENID)) return {};
  if (maxAge !== undefined && !MAX_AGE.test(maxAge)) throw invalidRequest('max_age must be a non-negative number of seconds');
  recordCheck(ctx, {
    name: 'OpenID Connect request',
    rfc: 'OpenID Connect Core 1.0 §3.1.2.1',
    inputs: { scope: scopes.join(' '), nonce: nonce ?? null, max_age: maxAge ?? null },
    pass: true,
    detail:
      nonce === undefined
        ? 'A sign-in (scope openid) without a nonce: the ID token will carry none, so the client cannot tie it to this request.'
        : 'A sign-in (scope openid): the server keeps the nonce and puts it in the ID token, where the client will compare it.',
  });
  return { ...(nonce !== undefined ? { nonce } : {}), ...(maxAge !== undefined ? { max_age: Number(maxAge) } : {}) };
}
