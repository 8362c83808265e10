import { authenticateClient } from '../checks/client-authentication';
import { knownResources } from '../checks/resource-indicator';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { invalidClient } from '../errors';
import { formParams, json, NO_STORE } from '../http';
import { key, type GrantRecord, type RefreshTokenRecord } from '../records';
import { verifyAccessToken } from '../tokens';

/** @see RFC 7662 §2.1 */
const INTROSPECTION_PARAMETERS = ['token', 'token_type_hint', 'client_id', 'client_secret'];

/**
 * POST /oauth/introspect: tells an authenticated (confidential) client whether a token is active.
 * Inactive, unknown and malformed tokens all answer `{ "active": false }`.
 * @see RFC 7662 §2.1, §2.2
 */
export async function introspectionEndpoint(ctx: RequestContext): Promise<Response> {
  const params = formParams(ctx.request, ctx.bodyText);
  rejectDuplicateParameters(params, INTROSPECTION_PARAMETERS);
  const { client, method } = await authenticateClient(ctx, params);
  if (client.client_type !== 'confidential') {
    // @see RFC 7662 §2.1 (the endpoint MUST require some form of authorization)
    throw invalidClient('introspection needs a confidential client', method === 'client_secret_basic');
  }
  const token = params.require('token');

  const refresh = await ctx.store.get<RefreshTokenRecord>(ctx.namespace, key.refresh(token));
  if (refresh) {
    const rotated = (await ctx.store.get(ctx.namespace, key.refreshUsed(token))) !== undefined;
    const grantActive = (await ctx.store.get<GrantRecord>(ctx.namespace, key.grant(refresh.grant_id))) !== undefined;
    const active = !rotated && grantActive && nowMs(ctx) < refresh.expires_at;
    recordCheck(ctx, {
      name: 'refresh token active',
      rfc: 'RFC 7662 §2.2',
      inputs: { rotated, grant_active: grantActive, expires_at: new Date(refresh.expires_at).toISOString() },
      pass: active,
      detail: active ? 'The refresh token can still be used.' : 'The refresh token was rotated, revoked or has expired.',
    });
    if (!active) return json({ active: false }, 200, NO_STORE);
    return json(
      {
        active: true,
        scope: refresh.scope,
        client_id: refresh.client_id,
        username: refresh.sub,
        sub: refresh.sub,
        exp: Math.floor(refresh.expires_at / 1000),
        iat: Math.floor(refresh.issued_at / 1000),
        iss: ctx.issuer,
      },
      200,
      NO_STORE,
    );
  }
  const claims = await verifyAccessToken(ctx, token, 'authserver', knownResources(ctx.issuer)).catch(() => undefined);
  if (!claims) return json({ active: false }, 200, NO_STORE);
  return json(
    {
      active: true,
      scope: claims.scope,
      client_id: claims.client_id,
      ...(claims.sub !== claims.client_id ? { username: claims.sub } : {}),
      // A bound token says so, and names its key. @see RFC 9449 §6.2
      token_type: claims.cnf ? 'DPoP' : 'Bearer',
      ...(claims.cnf ? { cnf: claims.cnf } : {}),
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: ctx.issuer,
      jti: claims.jti,
    },
    200,
    NO_STORE,
  );
}
