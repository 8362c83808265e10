import { base64url, randomToken } from './learner';

/**
 * PKCE on the client's side, with the browser's own Web Crypto: a fresh high-entropy
 * code_verifier and its S256 code_challenge.
 * @see RFC 7636 §4.1 (verifier), §4.2 (challenge)
 */

/** What the app derives for one authorization request. */
export interface PkcePair {
  code_verifier: string;
  /** SHA-256 of the verifier's ASCII bytes, as hexadecimal (shown to the learner; not sent). */
  sha256_hex: string;
  /** BASE64URL(SHA-256(ASCII(code_verifier))), without padding. */
  code_challenge: string;
  code_challenge_method: 'S256';
}

/**
 * 32 random bytes, base64url encoded: 43 characters from the unreserved set, 256 bits of entropy.
 * @see RFC 7636 §4.1 ("RECOMMENDED … a 32-octet sequence … base64url-encoded")
 */
export function createCodeVerifier(random?: (bytes: Uint8Array) => Uint8Array): string {
  return randomToken(32, random);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** code_challenge = BASE64URL(SHA256(ASCII(code_verifier))). @see RFC 7636 §4.2 */
export async function s256CodeChallenge(code_verifier: string): Promise<PkcePair> {
  if (!globalThis.crypto?.subtle) {
    throw new Error('Web Crypto is unavailable: open the site over https (or on localhost) to compute the PKCE challenge.');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code_verifier)));
  return { code_verifier, sha256_hex: hex(digest), code_challenge: base64url(digest), code_challenge_method: 'S256' };
}

/** A verifier the server will refuse: well-formed, but not the one behind the challenge (the "Tamper" lesson). */
export function wrongCodeVerifier(code_verifier: string, random?: (bytes: Uint8Array) => Uint8Array): string {
  let other = createCodeVerifier(random);
  while (other === code_verifier) other = createCodeVerifier(random);
  return other;
}
