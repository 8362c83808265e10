import { decodeJwt } from 'jose';
import { authenticateClient } from '../checks/client-authentication';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { nowSeconds, recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { formParams, NO_STORE } from '../http';
import { key, type RefreshTokenRecord } from '../records';
import { revokeGrant, verifyAccessToken } from '../tokens';

/** @see RFC 7009 §2.1 */
const REVOCATION_PARAMETERS = ['token', 'token_type_hint', 'client_id', 'client_secret'];

const NOT_YOURS = 'The token was issued to another client: nothing is revoked.';

/** A client may revoke only its own tokens; any other request is refused. @see RFC 7009 §2.1 */
function checkTokenBelongsToClient(
  ctx: RequestContext,
  token_type: 'refresh_token' | 'access_token',
  issued_to: string,
  presented_by: string,
  revoked: string,
): void {
  const own = issued_to === presented_by;
  recordCheck(ctx, {
    name: 'token belongs to client',
    rfc: 'RFC 7009 §2.1',
    inputs: { token_type, issued_to, presented_by },
    pass: own,
    detail: own ? revoked : NOT_YOURS,
  });
  if (!own) throw invalidRequest(NOT_YOURS);
}

/**
 * POST /oauth/revoke. Revoking a refresh token revokes its whole grant; revoking an access
 * token revokes that token. Unknown or invalid tokens get 200 (§2.2); a token issued to another
 * client is refused with `invalid_request` (§2.1: "If this validation fails, the request is refused").
 * @see RFC 7009 §2.1, §2.2
 */
export async function revocationEndpoint(ctx: RequestContext): Promise<Response> {
  const params = formParams(ctx.request, ctx.bodyText);
  rejectDuplicateParameters(params, REVOCATION_PARAMETERS);
  const { client } = await authenticateClient(ctx, params);
  const token = params.require('token');
  const refresh = await ctx.store.get<RefreshTokenRecord>(ctx.namespace, key.refresh(token));
  if (refresh) {
    checkTokenBelongsToClient(ctx, 'refresh_token', refresh.client_id, client.client_id, 'Refresh token revoked, and with it every token of the same grant.');
    await revokeGrant(ctx, refresh.grant_id);
    return new Response(null, { status: 200, headers: NO_STORE });
  }
  const claims = await verifyAccessToken(ctx, token, 'authserver').catch(() => undefined);
  if (claims) {
    checkTokenBelongsToClient(ctx, 'access_token', claims.client_id, client.client_id, 'Access token revoked.');
    const ttl = Math.max(1, claims.exp - nowSeconds(ctx));
    await ctx.store.set(ctx.namespace, key.revokedJti(claims.jti), true, ttl);
  } else {
    // Still tell the learner what happened. (Invalid tokens do not cause an error response. @see RFC 7009 §2.2)
    const jti = (() => {
      try {
        return decodeJwt(token).jti;
      } catch {
        return undefined;
      }
    })();
    recordCheck(ctx, {
      name: 'token is known',
      rfc: 'RFC 7009 §2.2',
      inputs: { token, jti: jti ?? null },
      pass: false,
      detail: 'Unknown, expired or already revoked token: the answer is 200 anyway.',
    });
  }
  return new Response(null, { status: 200, headers: NO_STORE });
}
