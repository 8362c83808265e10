/**
 * Issuing and verifying tokens. Access tokens are short-lived JWTs (RFC 9068 profile)
 * signed with the server key; refresh tokens are opaque and stored.
 */
import { base64url, sha256Text } from './crypto';
import { jwtVerify, type JWTHeaderParameters, type JWTPayload } from 'jose';
import { nowMs, nowSeconds, recordCheck, type RequestContext } from './context';
import { invalidToken } from './errors';
import { signCompactJwt } from './jws';
import { SIGNING_ALGORITHMS, type SigningKeys } from './keys';
import { opaqueToken, randomId } from './random';
import { key, type GrantRecord, type RefreshTokenRecord } from './records';
import { resourceIdentifier } from './seed';

/** The audience of access tokens asked for with no `resource`: this server's API. @see RFC 8707 §2 */
export function apiAudience(issuer: string): string {
  return resourceIdentifier(issuer, 'api');
}

/** @see RFC 6749 §5.1; RFC 9449 §5 (token_type DPoP); OpenID Connect Core 1.0 §3.1.3.3 (id_token) */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
}

/** What binds and accompanies the tokens of one token response. */
export interface TokenIssuance {
  /** The thumbprint of the DPoP key the access token is bound to. @see RFC 9449 §6 */
  jkt?: string;
  /** Present when the scope has `openid`: what the ID token says about the sign-in. @see OpenID Connect Core 1.0 §3.1.3.3 */
  idToken?: { nonce?: string; auth_time?: number };
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
  /** The DPoP key the token is bound to. @see RFC 9449 §6.1 */
  cnf?: { jkt: string };
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

/** The audience of a grant's access tokens: the resource it asked for, else the lab's API. @see RFC 8707 §2 */
export function grantAudience(ctx: RequestContext, grant: GrantRecord): string {
  return grant.resource ?? apiAudience(ctx.issuer);
}

/** An RFC 9068 access token: typed `at+jwt`, with its grant's id so revoking the grant ends it. @see RFC 9068 §2.1, §2.2 */
export async function signAccessToken(ctx: RequestContext, grant: GrantRecord, scope: string, jkt?: string): Promise<string> {
  const iat = nowSeconds(ctx);
  const { alg, kid, sign } = ctx.keys.signing;
  const claims: AccessTokenClaims = {
    iss: ctx.issuer,
    sub: grant.sub,
    aud: grantAudience(ctx, grant),
    iat,
    exp: iat + ctx.limits.accessTokenLifetimeSeconds,
    jti: randomId(ctx.random),
    client_id: grant.client_id,
    scope,
    grant_id: grant.grant_id,
    ...(jkt ? { cnf: { jkt } } : {}),
  };
  return signCompactJwt(sign, { alg, kid, typ: 'at+jwt' }, claims);
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

/**
 * The left half of the SHA-256 hash of the access token, base64url: the hash of the ID token's alg (RS256: SHA-256).
 * @see OpenID Connect Core 1.0 §3.1.3.6 (at_hash)
 */
export function accessTokenHash(access_token: string): string {
  return base64url(sha256Text(access_token).subarray(0, 16));
}

/**
 * The ID token: who signed in, when, for which client, echoing the request's nonce, and the hash of
 * the access token issued with it. Signed RS256, the algorithm every relying party supports.
 * @see OpenID Connect Core 1.0 §2, §3.1.3.3, §3.1.3.6
 */
export async function signIdToken(
  ctx: RequestContext,
  grant: GrantRecord,
  access_token: string,
  claims: NonNullable<TokenIssuance['idToken']>,
): Promise<string> {
  const iat = nowSeconds(ctx);
  const { alg, kid, sign } = ctx.keys.idTokenSigning;
  return signCompactJwt(sign, { alg, kid, typ: 'JWT' }, {
    iss: ctx.issuer,
    sub: grant.sub,
    aud: grant.client_id,
    iat,
    exp: iat + ctx.limits.accessTokenLifetimeSeconds,
    ...(claims.auth_time !== undefined ? { auth_time: claims.auth_time } : {}),
    ...(claims.nonce !== undefined ? { nonce: claims.nonce } : {}),
    at_hash: accessTokenHash(access_token),
  });
}

export async function tokenResponse(
  ctx: RequestContext,
  grant: GrantRecord,
  scope: string,
  withRefreshToken: boolean,
  issuance: TokenIssuance = {},
): Promise<TokenResponse> {
  const access_token = await signAccessToken(ctx, grant, scope, issuance.jkt);
  const response: TokenResponse = {
    access_token,
    token_type: issuance.jkt ? 'DPoP' : 'Bearer',
    expires_in: ctx.limits.accessTokenLifetimeSeconds,
    scope,
  };
  if (withRefreshToken) response.refresh_token = await issueRefreshToken(ctx, grant, scope);
  if (issuance.idToken) response.id_token = await signIdToken(ctx, grant, access_token, issuance.idToken);
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
  audience: string | string[] = apiAudience(ctx.issuer),
): Promise<AccessTokenClaims> {
  const fail = (detail: string, inputs: Record<string, unknown> = {}): never => {
    recordCheck(ctx, { name: 'access token valid', rfc: 'RFC 9068 §4', actor, inputs: { access_token: token, ...inputs }, pass: false, detail });
    throw invalidToken(detail);
  };
  let claims: AccessTokenClaims;
  try {
    const verified = await jwtVerify<AccessTokenClaims>(token, verificationKey(ctx.keys), {
      issuer: ctx.issuer,
      audience,
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
        : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'aud'
          ? 'The access token is meant for another resource (its aud is not this one).'
          : 'The access token is malformed, not signed by this server, or not meant for this API.',
      { now: nowSeconds(ctx), expected_aud: audience },
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
    inputs: { access_token: token, exp: claims.exp, now: nowSeconds(ctx), sub: claims.sub, scope: claims.scope, aud: claims.aud ?? null },
    pass: true,
    detail: `Signed by this server, meant for ${typeof claims.aud === 'string' ? claims.aud : 'this resource'}, and valid for ${claims.exp - nowSeconds(ctx)} more seconds.`,
  });
  return claims;
}
