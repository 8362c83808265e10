/**
 * The signing key for access tokens: an ES256 key pair generated when the server starts,
 * published as a JWKS at `jwks_uri`. @see RFC 7517, RFC 9068
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export const ALG = 'ES256';

export interface SigningKeys {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  kid: string;
  jwks: { keys: JWK[] };
}

export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, publicKey, kid, jwks: { keys: [{ ...jwk, kid, alg: ALG, use: 'sig' }] } };
}
