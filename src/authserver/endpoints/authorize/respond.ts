import { nowMs, nowSeconds, recordCheck, type RequestContext } from '../../context';
import { opaqueToken } from '../../random';
import { key, type AuthorizationCodeRecord } from '../../records';
import { authorizationRedirect } from '../../responses';
import type { DemoUser } from '../../seed';
import { createGrant, tokenResponse } from '../../tokens';
import type { AuthorizationRequest } from './request';

/** The authorization code response: a short-lived, single-use code in the query. @see RFC 6749 §4.1.2 */
export async function respondWithCode(ctx: RequestContext, request: AuthorizationRequest, user: DemoUser, scope: string): Promise<Response> {
  const code = opaqueToken(ctx.random);
  const record: AuthorizationCodeRecord = {
    client_id: request.client.client_id,
    redirect_uri: request.target.redirect_uri,
    redirect_uri_in_request: request.redirect_uri_in_request,
    sub: user.username,
    scope,
    code_challenge: request.code_challenge,
    code_challenge_method: request.code_challenge_method,
    // Codes are short-lived. @see RFC 6749 §4.1.2 ("maximum lifetime of 10 minutes RECOMMENDED"); ours: 60 s
    expires_at: nowMs(ctx) + ctx.limits.codeLifetimeSeconds * 1000,
    // The user has just signed in: this is the ID token's auth_time. @see OpenID Connect Core 1.0 §2
    auth_time: nowSeconds(ctx),
    ...(request.openid.nonce !== undefined ? { nonce: request.openid.nonce } : {}),
    ...(request.resource !== undefined ? { resource: request.resource } : {}),
  };
  // Kept in the store longer than its lifetime, so a late attempt is reported as "expired", not "unknown".
  await ctx.store.set(ctx.namespace, key.code(code), record, ctx.limits.codeLifetimeSeconds + 3600);
  return authorizationRedirect(request.target, { code });
}

/** Implicit grant, for the legacy lesson only: the token travels in the fragment. @see RFC 6749 §4.2.2; RFC 9700 §2.1.2 */
export async function respondWithToken(ctx: RequestContext, request: AuthorizationRequest, user: DemoUser, scope: string): Promise<Response> {
  recordCheck(ctx, {
    name: 'token issued without a code exchange',
    rfc: 'RFC 9700 §2.1.2',
    inputs: { client_id: request.client.client_id, client_authentication: 'none', code_exchange: 'none', pkce: 'none', delivered_in: 'URL fragment' },
    pass: true,
    detail:
      'Legacy implicit grant, allowed only for this registered client: the token goes straight into the redirect, with no client authentication and no proof, so the server cannot tell who will use it.',
  });
  const grant = await createGrant(ctx, { client_id: request.client.client_id, sub: user.username, scope, resource: request.resource });
  const token = await tokenResponse(ctx, grant, scope, false);
  return authorizationRedirect(request.target, {
    access_token: token.access_token,
    token_type: token.token_type,
    expires_in: String(token.expires_in),
    scope,
  });
}
