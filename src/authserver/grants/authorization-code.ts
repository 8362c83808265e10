import { verifyCodeVerifier } from '../checks/pkce';
import { checkResourceIndicator } from '../checks/resource-indicator';
import { nowMs, recordCheck } from '../context';
import { invalidGrant } from '../errors';
import { key, type AuthorizationCodeRecord } from '../records';
import { parseScope } from '../checks/scope';
import { GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, SCOPE_OPENID } from '../seed';
import { createGrant, revokeGrant, tokenResponse } from '../tokens';
import { refreshBinding } from './dpop-binding';
import type { Grant } from './types';

/**
 * Exchanges an authorization code for tokens.
 * @see RFC 6749 §4.1.3 (request), §4.1.4 (response), §10.5 (single use)
 */
export const authorizationCodeGrant: Grant = {
  grant_type: GRANT_AUTHORIZATION_CODE,
  parameters: ['code', 'redirect_uri', 'code_verifier'],
  async handler(ctx, client, params, proof) {
    const code = params.require('code');
    const redirect_uri = params.get('redirect_uri');
    const code_verifier = params.get('code_verifier');
    const record = await ctx.store.get<AuthorizationCodeRecord>(ctx.namespace, key.code(code));

    // A code is single use; a second attempt revokes what the first one got. @see RFC 6749 §4.1.2
    const usedBy = await ctx.store.get<string>(ctx.namespace, key.codeUsed(code));
    recordCheck(ctx, {
      name: 'code is unused',
      rfc: 'RFC 6749 §4.1.2',
      inputs: { code, known: record !== undefined, already_redeemed: usedBy !== undefined },
      pass: record !== undefined && usedBy === undefined,
      detail: usedBy
        ? 'This code was already redeemed: the tokens issued from it are now revoked.'
        : record
          ? 'The code exists and was never redeemed.'
          : 'No such code was issued (or it is long gone).',
    });
    if (usedBy !== undefined) {
      await revokeGrant(ctx, usedBy);
      throw invalidGrant('the authorization code has already been used');
    }
    if (!record) throw invalidGrant('the authorization code is invalid');

    const now = nowMs(ctx);
    const unexpired = now < record.expires_at;
    recordCheck(ctx, {
      name: 'code is unexpired',
      rfc: 'RFC 6749 §4.1.2',
      inputs: { expires_at: new Date(record.expires_at).toISOString(), now: new Date(now).toISOString() },
      pass: unexpired,
      detail: unexpired
        ? `The code is valid for ${Math.ceil((record.expires_at - now) / 1000)} more seconds.`
        : 'Codes live for 60 seconds; this one has expired.',
    });
    if (!unexpired) throw invalidGrant('the authorization code has expired');

    const sameClient = record.client_id === client.client_id;
    recordCheck(ctx, {
      name: 'code was issued to this client',
      rfc: 'RFC 6749 §4.1.3',
      inputs: { issued_to: record.client_id, presented_by: client.client_id },
      pass: sameClient,
      detail: sameClient ? 'The client redeeming the code is the one it was issued to.' : 'Another client is trying to redeem this code.',
    });
    if (!sameClient) throw invalidGrant('the authorization code was issued to another client');

    // @see RFC 6749 §4.1.3: redirect_uri is REQUIRED if it was in the authorization request, and must be identical.
    const redirectOk = record.redirect_uri_in_request
      ? redirect_uri === record.redirect_uri
      : redirect_uri === undefined || redirect_uri === record.redirect_uri;
    recordCheck(ctx, {
      name: 'redirect_uri matches',
      rfc: 'RFC 6749 §4.1.3',
      inputs: { authorization_request: record.redirect_uri_in_request ? record.redirect_uri : null, token_request: redirect_uri ?? null },
      pass: redirectOk,
      detail: redirectOk
        ? 'The token request repeats the redirect_uri of the authorization request.'
        : 'The redirect_uri must be identical to the one in the authorization request.',
    });
    if (!redirectOk) throw invalidGrant('redirect_uri does not match the authorization request');

    verifyCodeVerifier(ctx, record, code_verifier);
    const resource = checkResourceIndicator(ctx, params.getAll('resource'), record.resource);

    const grant = await createGrant(ctx, { client_id: client.client_id, sub: record.sub, scope: record.scope, resource, ...refreshBinding(client, proof) });
    // Claim the code atomically: of two concurrent redemptions only one wins.
    if (!(await ctx.store.setIfAbsent(ctx.namespace, key.codeUsed(code), grant.grant_id, 3600))) {
      await revokeGrant(ctx, grant.grant_id);
      throw invalidGrant('the authorization code has already been used');
    }
    // A sign-in gets an ID token beside the access token. @see OpenID Connect Core 1.0 §3.1.3.3
    const idToken = parseScope(record.scope).includes(SCOPE_OPENID) ? { nonce: record.nonce, auth_time: record.auth_time } : undefined;
    return tokenResponse(ctx, grant, record.scope, client.grant_types.includes(GRANT_REFRESH_TOKEN), { idToken, jkt: proof.jkt });
  },
};
