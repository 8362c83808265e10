/**
 * DPoP proofs: the client signs each request with a key it holds, and the server binds tokens to
 * that key's thumbprint. One check for the token endpoint and the resource server alike.
 * Freshness (`iat`) is judged on the server's real clock, not the learner's lab clock: proofs are
 * made by the learner's browser, which knows only real time; the server's nonce and the `jti`
 * replay cache give the real guarantee.
 * @see RFC 9449 §4.2 (the proof), §4.3 (checking it), §8, §9 (server nonces), §11.1 (replay)
 */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { recordCheck, type RequestContext } from '../context';
import { OAuthError } from '../errors';
import { opaqueToken } from '../random';
import { key } from '../records';

/** The asymmetric algorithms a proof may be signed with; the metadata lists them. @see RFC 9449 §5.1 */
export const DPOP_SIGNING_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;

/** How old (and how far in the future) a proof's `iat` may be. @see RFC 9449 §4.3 (item 11), §11.1 */
export const DPOP_PROOF_MAX_AGE_SECONDS = 300;
const DPOP_PROOF_MAX_SKEW_SECONDS = 60;
/** How long a nonce the server hands out stays good. @see RFC 9449 §8 */
export const DPOP_NONCE_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 128;

/** Where the proof is checked: the token endpoint answers 400 JSON, the resource server 401 with a challenge. */
export type DpopSite = 'token' | 'resource';

export interface DpopProof {
  /** The JWK SHA-256 thumbprint of the proof's key: what tokens are bound to. @see RFC 9449 §6.1, RFC 7638 */
  jkt: string;
  jti: string;
}

/** The DPoP errors, with the challenge scheme the resource server answers them with. @see RFC 9449 §5, §7.1, §12.2 */
export function dpopError(error: 'invalid_dpop_proof' | 'use_dpop_nonce', description: string, site: DpopSite, nonce?: string): OAuthError {
  return new OAuthError(error, description, {
    status: site === 'token' ? 400 : 401,
    headers: nonce ? { 'DPoP-Nonce': nonce } : {},
    challenge: 'DPoP',
  });
}

/** base64url(SHA-256(access token)): the proof's `ath`. @see RFC 9449 §4.2 */
export function accessTokenThumbprint(access_token: string): string {
  return createHash('sha256').update(access_token, 'ascii').digest('base64url');
}

/** The nonce this learner's proofs must carry now, made when there is none. @see RFC 9449 §8, §9 */
async function currentNonce(ctx: RequestContext): Promise<string> {
  const stored = await ctx.store.get<string>(ctx.namespace, key.dpopNonce());
  if (stored) return stored;
  const fresh = opaqueToken();
  if (await ctx.store.setIfAbsent(ctx.namespace, key.dpopNonce(), fresh, DPOP_NONCE_LIFETIME_SECONDS)) return fresh;
  return (await ctx.store.get<string>(ctx.namespace, key.dpopNonce())) ?? fresh;
}

const hasPrivateMembers = (jwk: JWK) => ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in jwk);

/**
 * Checks the request's `DPoP` header, if any: one well-formed proof, typed `dpop+jwt`, signed with
 * an allowed asymmetric algorithm by the public key it carries, for this method and URL (`htm`,
 * `htu`), recent (`iat`), for this access token (`ath`, at the resource server), carrying the
 * server's current nonce, and never seen before (`jti`). `undefined` when there is no header.
 * @see RFC 9449 §4.3
 */
export async function checkDpopProof(ctx: RequestContext, site: DpopSite, access_token?: string): Promise<DpopProof | undefined> {
  const header = ctx.request.headers.get('dpop');
  if (header === null) return undefined;
  const actor = site === 'resource' ? 'resource' : 'authserver';
  const htu = `${ctx.issuer}${ctx.url.pathname}`;
  const inputs: Record<string, unknown> = { dpop: header, expected_htm: ctx.request.method, expected_htu: htu };
  const refuse = (detail: string, description: string): never => {
    recordCheck(ctx, { name: 'DPoP proof valid', rfc: 'RFC 9449 §4.3', actor, inputs, pass: false, detail });
    throw dpopError('invalid_dpop_proof', description, site);
  };

  // Several DPoP headers arrive joined by commas, which a JWT never contains. @see RFC 9449 §4.3 (item 1)
  if (header.includes(',')) refuse('The request carries more than one DPoP header.', 'send exactly one DPoP proof');
  let jwk: JWK | undefined;
  try {
    jwk = decodeProtectedHeader(header).jwk;
  } catch {
    refuse('The DPoP header is not a JWT.', 'the DPoP proof is not a JWT');
  }
  if (!jwk || typeof jwk !== 'object' || hasPrivateMembers(jwk)) {
    refuse('The proof must carry a public key (jwk) and no private key.', 'the DPoP proof must carry a public jwk');
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(header, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: [...DPOP_SIGNING_ALGORITHMS] }));
  } catch {
    return refuse(
      `The proof must be typed dpop+jwt, signed with ${DPOP_SIGNING_ALGORITHMS.join(', ')} by the key it carries.`,
      'the DPoP proof has a wrong typ, alg or signature',
    );
  }
  const jkt = await calculateJwkThumbprint(jwk!);
  Object.assign(inputs, { jkt, htm: payload.htm ?? null, htu: payload.htu ?? null, iat: payload.iat ?? null, jti: payload.jti ?? null });
  if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > MAX_JTI_LENGTH) {
    refuse('The proof needs a jti: a unique identifier of at most 128 characters.', 'the DPoP proof has no usable jti');
  }
  if (payload.htm !== ctx.request.method) refuse(`The proof is for ${String(payload.htm)}, this request is ${ctx.request.method}.`, 'htm does not match');
  if (typeof payload.htu !== 'string' || !sameTargetUri(payload.htu, htu)) {
    refuse('The proof was made for another URL (htu), so it cannot be replayed here.', 'htu does not match');
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || payload.iat < now - DPOP_PROOF_MAX_AGE_SECONDS || payload.iat > now + DPOP_PROOF_MAX_SKEW_SECONDS) {
    refuse(`The proof's iat is not within ${DPOP_PROOF_MAX_AGE_SECONDS} seconds of now.`, 'iat is too old or in the future');
  }
  if (access_token !== undefined) {
    const expected = accessTokenThumbprint(access_token);
    inputs.ath = payload.ath ?? null;
    inputs['BASE64URL(SHA256(access_token))'] = expected;
    if (payload.ath !== expected) refuse('The proof is not for this access token (ath).', 'ath does not match the access token');
  }
  recordCheck(ctx, {
    name: 'DPoP proof valid',
    rfc: 'RFC 9449 §4.3',
    actor,
    inputs,
    pass: true,
    detail: `Signed by the key it carries (thumbprint ${jkt}), for ${ctx.request.method} ${htu}${access_token !== undefined ? ', for this access token' : ''}, made just now.`,
  });

  const nonce = await currentNonce(ctx);
  const nonceOk = payload.nonce === nonce;
  recordCheck(ctx, {
    name: 'DPoP nonce current',
    rfc: site === 'token' ? 'RFC 9449 §8' : 'RFC 9449 §9',
    actor,
    inputs: { nonce: payload.nonce ?? null, current: nonce },
    pass: nonceOk,
    detail: nonceOk
      ? 'The proof carries the nonce this server handed out, so it was made after the server asked.'
      : 'The proof lacks the server’s current nonce: the answer gives it in DPoP-Nonce, and the client signs a new proof with it.',
  });
  if (!nonceOk) throw dpopError('use_dpop_nonce', 'the DPoP proof must carry the nonce in the DPoP-Nonce header', site, nonce);

  const fresh = await ctx.store.setIfAbsent(ctx.namespace, key.dpopJti(jkt, payload.jti as string), true, DPOP_PROOF_MAX_AGE_SECONDS + DPOP_PROOF_MAX_SKEW_SECONDS);
  recordCheck(ctx, {
    name: 'DPoP proof not replayed',
    rfc: 'RFC 9449 §11.1',
    actor,
    inputs: { jti: payload.jti },
    pass: fresh,
    detail: fresh ? 'This jti was never seen before.' : 'A proof with this jti was already used: it is a replay.',
  });
  if (!fresh) throw dpopError('invalid_dpop_proof', 'this DPoP proof was already used (jti)', site);
  return { jkt, jti: payload.jti as string };
}

/** Same URI once query and fragment are dropped, after syntax-based normalisation. @see RFC 9449 §4.3 (item 9) */
function sameTargetUri(claimed: string, actual: string): boolean {
  try {
    const url = new URL(claimed);
    return `${url.origin}${url.pathname}` === new URL(actual).href;
  } catch {
    return false;
  }
}
