/**
 * The keys that sign access tokens, generated when the server starts and published as a JWKS
 * at `jwks_uri`. Access tokens are signed with RS256, which every authorization and resource
 * server must support; an ES256 key is published too, and the resource server accepts both.
 * @see RFC 9068 §2.1 ("MUST support RS256"), §4; RFC 7517; RFC 7518 §3.1
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** The algorithm access tokens are signed with. */
export const ACCESS_TOKEN_ALG = 'RS256';
/** Every algorithm the resource server accepts, each with a key in the JWKS. */
export const SIGNING_ALGORITHMS = [ACCESS_TOKEN_ALG, 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface SigningKey {
  alg: SigningAlgorithm;
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface SigningKeys {
  /** The key access tokens are signed with (RS256). */
  signing: SigningKey;
  /** Every key, by kid, for verification. */
  byKid: ReadonlyMap<string, SigningKey>;
  jwks: { keys: JWK[] };
}

async function generateSigningKey(alg: SigningAlgorithm): Promise<{ key: SigningKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { key: { alg, kid, privateKey, publicKey }, jwk: { ...jwk, kid, alg, use: 'sig' } };
}

export async function generateSigningKeys(): Promise<SigningKeys> {
  const generated = await Promise.all(SIGNING_ALGORITHMS.map(generateSigningKey));
  return {
    signing: generated[0]!.key,
    byKid: new Map(generated.map(({ key }) => [key.kid, key])),
    jwks: { keys: generated.map(({ jwk }) => jwk) },
  };
}
