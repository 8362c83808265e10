/**
 * The server's cryptographic primitives, from what Node 20+ and every browser share: Web Crypto's
 * `globalThis.crypto` for randomness, and `@noble/hashes` for SHA-256, which stays synchronous so
 * the checks that hash keep their plain signatures. No `node:*` import, so the same handler runs in
 * the Node server and in the static site's Service Worker.
 */
import { sha256 } from '@noble/hashes/sha2.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Random bytes are drawn from the platform's generator a page at a time and handed out in order, each
 * byte once: a call to the generator costs several microseconds whatever its size, and a token
 * request needs a few ids of 16 bytes. Every byte still comes from the CSPRNG; the page is never reused.
 */
const RANDOM_PAGE_BYTES = 4096;
let randomPage = new Uint8Array(0);
let randomOffset = 0;

/** `n` bytes from the platform's cryptographically secure generator, in a new array. @see W3C Web Cryptography §10.1.1 */
export function randomBytes(n: number): Uint8Array {
  if (n > RANDOM_PAGE_BYTES) return crypto.getRandomValues(new Uint8Array(n));
  if (randomOffset + n > randomPage.length) {
    randomPage = crypto.getRandomValues(new Uint8Array(RANDOM_PAGE_BYTES));
    randomOffset = 0;
  }
  const bytes = randomPage.slice(randomOffset, randomOffset + n);
  randomPage.fill(0, randomOffset, randomOffset + n);
  randomOffset += n;
  return bytes;
}

/** A uniformly drawn integer in `[0, max)`, `max` at most 256 (rejection sampling, so no modulo bias). */
export function randomIndex(max: number): number {
  if (!Number.isInteger(max) || max < 1 || max > 256) throw new RangeError('randomIndex needs 1 ≤ max ≤ 256');
  const limit = 256 - (256 % max);
  for (;;) {
    const [byte] = randomBytes(1) as Uint8Array & [number];
    if (byte < limit) return byte % max;
  }
}

/** A random version 4 UUID. @see RFC 9562 §5.4 */
export function randomUUID(): string {
  return crypto.randomUUID();
}

/** Base64url without padding. @see RFC 4648 §5; RFC 7636 Appendix A */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return binaryToBase64url(binary);
}

/** Base64url without padding of a binary string (one byte per character, below U+0100). */
export function binaryToBase64url(binary: string): string {
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes standard base64 to UTF-8 text (invalid UTF-8 becomes U+FFFD); `undefined` when it is not base64. */
export function base64ToText(base64: string): string | undefined {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return decoder.decode(bytes);
}

/** SHA-256 of the UTF-8 bytes of `text`. @see FIPS 180-4 */
export function sha256Text(text: string): Uint8Array {
  return sha256(encoder.encode(text));
}

/**
 * The hashes of the secrets `secretsEqual` was asked to expect (the clients' own), kept so each is
 * hashed once, not on every request; bounded, the oldest forgotten first.
 */
const expectedHashes = new Map<string, Uint8Array>();
const MAX_EXPECTED_HASHES = 1000;

function expectedHash(secret: string): Uint8Array {
  let hash = expectedHashes.get(secret);
  if (!hash) {
    hash = sha256Text(secret);
    if (expectedHashes.size >= MAX_EXPECTED_HASHES) expectedHashes.delete(expectedHashes.keys().next().value!);
    expectedHashes.set(secret, hash);
  }
  return hash;
}

/**
 * Compares two secrets in time that does not depend on where they differ: both are hashed first,
 * so the comparison runs over 32 bytes whatever their lengths.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const a = sha256Text(presented);
  const b = expectedHash(expected);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
