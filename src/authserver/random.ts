import { base64url, randomBytes } from './crypto';
import type { RandomSource } from './seeded-random';

export type { RandomSource } from './seeded-random';

/**
 * Every random value the server draws comes from here. Without a `source` it is the platform's CSPRNG;
 * a seeded learner's request passes its deterministic source (`seeded-run.ts`).
 */
function draw(byteLength: number, source?: RandomSource): Uint8Array {
  return source ? source(byteLength) : randomBytes(byteLength);
}

/** An unguessable opaque value (256 bits), base64url. @see RFC 6749 §10.10 */
export function opaqueToken(source?: RandomSource): string {
  return base64url(draw(32, source));
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A random UUID (version 4 layout) for record and token ids. @see RFC 9562 §5.4 */
export function randomId(source?: RandomSource): string {
  const bytes = draw(16, source);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (const byte of bytes) hex += HEX[byte];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A user code easy to read and type: 8 consonants (no vowels, so no words), shown as XXXX-XXXX.
 * Each letter is a byte below 240 (a multiple of 20) taken modulo 20, so every letter is equally likely.
 * @see RFC 8628 §6.1
 */
const USER_CODE_CHARSET = 'BCDFGHJKLMNPQRSTVWXZ';
export function userCode(source?: RandomSource): string {
  let code = '';
  while (code.length < 8) {
    const byte = draw(1, source)[0]!;
    if (byte < 240) code += USER_CODE_CHARSET[byte % USER_CODE_CHARSET.length];
  }
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts what a person types: any case, with or without the dash or spaces. */
export function normalizeUserCode(input: string): string {
  const letters = input.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}
