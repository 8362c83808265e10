/**
 * Issuing and verifying tokens. Access tokens are short-lived JWTs (RFC 9068 profile)
 * signed with the server key; refresh tokens are opaque and stored.
 */
import { jwtVerify, SignJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { nowMs, nowSeconds, recordCheck, type RequestContext } from './context';
import { invalidToken } from './errors';
import { SIGNING_ALGORITHMS, type SigningKeys } from './keys';
import { opaqueToken, randomId } from './random';
import { key, type GrantRecord, type RefreshTokenRecord } from './records';

/** The audience of access tokens: this server's API. */
export function apiAudience(issuer: string): string {
  return `${issuer}/api`;
}

/** @see RFC 6749 §5.1 */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  client_id: string;
  scope: string;
  jti: string;
  exp: number;
  iat: number;
  /** The grant this token belongs to (revoking the grant kills the token). */
  grant_id: string;
}

export async function createGrant(ctx: RequestContext, grant: Omit<GrantRecord, 'grant_id'>): Promise<GrantRecord> {
  const record = { grant_id: randomId(ctx.random), ...grant };
  await ctx.store.set(ctx.namespace, key.grant(record.grant_id), record, ctx.limits.refreshTokenLifetimeSeconds);
  return record;
}

/** Revoking a grant invalidates its access and refresh tokens. @see RFC 7009 §2.1, RFC 9700 §4.14.2 */
export async function revokeGrant(ctx: RequestContext, grant_id: string): Promise<void> {
  await ctx.store.delete(ctx.namespace, key.grant(grant_id));
}

export async function grantIsActive(ctx: RequestContext, grant_id: string): Promise<boolean> {
  return (await ctx.store.get<GrantRecord>(ctx.namespace, key.grant(grant_id))) !== undefined;
}

export async function signAccessToken(ctx: RequestContext, grant: GrantRecord, scope: string): Promise<string> {
  const iat = nowSeconds(ctx);
  return new SignJWT({ client_id: grant.client_id, scope, grant_id: grant.grant_id })
    .setProtectedHeader({ alg: ctx.keys.signing.alg, kid: ctx.keys.signing.kid, typ: 'at+jwt' })
    .setIssuer(ctx.issuer)
    .setSubject(grant.sub)
    .setAudience(apiAudience(ctx.issuer))
    .setIssuedAt(iat)
    .setExpirationTime(iat + ctx.limits.accessTokenLifetimeSeconds)
    .setJti(randomId(ctx.random))
    .sign(ctx.keys.signing.privateKey);
}

export async function issueRefreshToken(ctx: RequestContext, grant: GrantRecord, scope: string): Promise<string> {
  const token = opaqueToken(ctx.random);
  const issued_at = nowMs(ctx);
  const record: RefreshTokenRecord = {
    grant_id: grant.grant_id,
    client_id: grant.client_id,
    sub: grant.sub,
    scope,
    issued_at,
    expires_at: issued_at + ctx.limits.refreshTokenLifetimeSeconds * 1000,
  };
  await ctx.store.set(ctx.namespace, key.refresh(token), record, ctx.limits.refreshTokenLifetimeSeconds);
  return token;
}

export async function tokenResponse(
  ctx: RequestContext,
  grant: GrantRecord,
  scope: string,
  withRefreshToken: boolean,
): Promise<TokenResponse> {
  const response: TokenResponse = {
    access_token: await signAccessToken(ctx, grant, scope),
    token_type: 'Bearer',
    expires_in: ctx.limits.accessTokenLifetimeSeconds,
    scope,
  };
  if (withRefreshToken) response.refresh_token = await issueRefreshToken(ctx, grant, scope);
  return response;
}

/** The published key the token names by `kid`, used only with the algorithm it was made for. */
function verificationKey(keys: SigningKeys) {
  return (header: JWTHeaderParameters) => {
    const key = header.kid === undefined ? undefined : keys.byKid.get(header.kid);
    if (!key || key.alg !== header.alg) throw new Error('no key with this kid and alg');
    return key.publicKey;
  };
}

/**
 * Verifies an access token: signature, typ, issuer, audience, expiry on the learner's clock,
 * and that neither the token nor its grant was revoked. Records "access token valid".
 * @see RFC 9068 §4, RFC 6750 §3.1
 */
export async function verifyAccessToken(
  ctx: RequestContext,
  token: string,
  actor: 'authserver' | 'resource',
): Promise<AccessTokenClaims> {
  const fail = (detail: string, inputs: Record<string, unknown> = {}): never => {
    recordCheck(ctx, { name: 'access token valid', rfc: 'RFC 9068 §4', actor, inputs: { access_token: token, ...inputs }, pass: false, detail });
    throw invalidToken(detail);
  };
  let claims: AccessTokenClaims;
  try {
    const verified = await jwtVerify<AccessTokenClaims>(token, verificationKey(ctx.keys), {
      issuer: ctx.issuer,
      audience: apiAudience(ctx.issuer),
      typ: 'at+jwt',
      algorithms: [...SIGNING_ALGORITHMS],
      currentDate: new Date(nowMs(ctx)),
      clockTolerance: 0,
    });
    claims = verified.payload;
  } catch (err) {
    const code = (err as { code?: string }).code;
    return fail(
      code === 'ERR_JWT_EXPIRED'
        ? 'The access token has expired.'
        : 'The access token is malformed, not signed by this server, or not meant for this API.',
      { now: nowSeconds(ctx) },
    );
  }
  if (typeof claims.grant_id !== 'string' || typeof claims.jti !== 'string' || typeof claims.scope !== 'string') {
    return fail('The access token lacks required claims.');
  }
  if (await ctx.store.get(ctx.namespace, key.revokedJti(claims.jti))) {
    return fail('The access token was revoked.', { jti: claims.jti });
  }
  if (!(await grantIsActive(ctx, claims.grant_id))) {
    return fail('The grant behind this token was revoked (or belongs to another learner).', { grant_id: claims.grant_id });
  }
  recordCheck(ctx, {
    name: 'access token valid',
    rfc: 'RFC 9068 §4',
    actor,
    inputs: { access_token: token, exp: claims.exp, now: nowSeconds(ctx), sub: claims.sub, scope: claims.scope },
    pass: true,
    detail: `Signed by this server, meant for this API, and valid for ${claims.exp - nowSeconds(ctx)} more seconds.`,
  });
  return claims;
}
