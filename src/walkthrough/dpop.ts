import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * DPoP on the client's side: a key pair made with Web Crypto whose private key cannot be exported,
 * and the proofs signed with it, one per request.
 * @see RFC 9449 §2 (the key), §4.2 (the proof), §6.1 (jkt), §7.1 (ath)
 */

/** The algorithm of the lab's DPoP keys; the server lists it in `dpop_signing_alg_values_supported`. */
export const DPOP_ALG = 'ES256';

/** The client's DPoP key: the private key stays inside Web Crypto; the public JWK travels in every proof. */
export interface DpopKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** The JWK SHA-256 thumbprint of the public key: what a bound token names in `cnf.jkt`. @see RFC 7638, RFC 9449 §6.1 */
  jkt: string;
}

/** A new key pair; `extractable: false` keeps the private key out of reach of every script, the app's own included. */
export async function createDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(DPOP_ALG, { extractable: false });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const publicJwk: JWK = { kty, crv, x, y };
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
}

/** `ath`: base64url of the SHA-256 of the access token's ASCII bytes. @see RFC 9449 §4.2 */
export async function accessTokenHash(accessToken: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken))));
}

/** The `htu` of a request: its URL without query and fragment. @see RFC 9449 §4.2 */
export function htuOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** What one proof says: the request it is for, when, its unique id, and optionally the token and the server's nonce. */
export interface ProofClaims {
  htm: string;
  htu: string;
  jti: string;
  /** Seconds since the epoch. */
  iat: number;
  ath?: string;
  nonce?: string;
}

/** The claims of a proof for a request. @see RFC 9449 §4.2 */
export async function proofClaims(request: { method: string; url: string; jti: string; iat: number; accessToken?: string; nonce?: string }): Promise<ProofClaims> {
  return {
    htm: request.method.toUpperCase(),
    htu: htuOf(request.url),
    jti: request.jti,
    iat: request.iat,
    ...(request.accessToken === undefined ? {} : { ath: await accessTokenHash(request.accessToken) }),
    ...(request.nonce === undefined ? {} : { nonce: request.nonce }),
  };
}

/** A DPoP proof JWT: `typ: dpop+jwt`, the public key in the header, signed with the private key. @see RFC 9449 §4.2 */
export function signProof(key: DpopKey, claims: ProofClaims): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ typ: 'dpop+jwt', alg: DPOP_ALG, jwk: key.publicJwk }).sign(key.privateKey);
}
