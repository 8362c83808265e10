/**
 * Signing the server's JWTs (access tokens and ID tokens) in the JWS Compact Serialization:
 * BASE64URL(header) "." BASE64URL(claims) "." BASE64URL(signature), over the ASCII of the first two.
 * The signature comes from a `Signer` made once per key: Web Crypto by default (every platform: the
 * static site's Service Worker too), and `node:crypto` in the Node server (`serve/node-signer.ts`),
 * which signs in libuv's thread pool and leaves the event loop free. jose still verifies every token,
 * generates and imports the keys; it signs only through Web Crypto, which is why the server does this
 * one step itself.
 * @see RFC 7515 §3.1, §5.1; RFC 7519 §7.1
 */
import type { CryptoKey, JWK } from 'jose';
import { base64url, binaryToBase64url } from './crypto';
import { isAscii } from './store/bytes';

/** The algorithms the server signs with. @see RFC 7518 §3.1 */
export type SigningAlgorithm = 'RS256' | 'ES256';

/** Signs the JWS signing input; ES256 answers R ‖ S, 64 bytes, as JWS wants. @see RFC 7518 §3.3, §3.4 */
export type SignBytes = (input: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** What a signer is made from: the key both as an imported Web Crypto key and as its private JWK. */
export interface PrivateSigningKey {
  alg: SigningAlgorithm;
  privateKey: CryptoKey;
  privateJwk: JWK;
}

export type Signer = (key: PrivateSigningKey) => SignBytes;

const WEB_CRYPTO_ALGORITHMS: Record<SigningAlgorithm, AlgorithmIdentifier | EcdsaParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
};

/** The default signer: Web Crypto, whose ECDSA signature is already R ‖ S. @see W3C Web Cryptography API, ECDSA (its sign operation) */
export const webCryptoSigner: Signer = ({ alg, privateKey }) => {
  const algorithm = WEB_CRYPTO_ALGORITHMS[alg];
  return async (input) => new Uint8Array(await crypto.subtle.sign(algorithm, privateKey, input as BufferSource));
};

const encoder = new TextEncoder();

/** Base64url of the UTF-8 of `text`; ASCII text (every claim set the server writes, nearly) skips the byte copy. */
function base64urlText(text: string): string {
  return isAscii(text) ? binaryToBase64url(text) : base64url(encoder.encode(text));
}

/** A compact JWS of `claims` with the protected `header` (which names the key's `alg` and `kid`). @see RFC 7515 §7.1 */
export async function signCompactJwt(sign: SignBytes, header: Readonly<Record<string, string>>, claims: Readonly<Record<string, unknown>>): Promise<string> {
  const signingInput = `${base64urlText(JSON.stringify(header))}.${base64urlText(JSON.stringify(claims))}`;
  return `${signingInput}.${base64url(await sign(encoder.encode(signingInput)))}`;
}
