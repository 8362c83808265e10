import { base64url, randomBytes, randomIndex } from './crypto';

/** An unguessable opaque value (256 bits), base64url. @see RFC 6749 §10.10 */
export function opaqueToken(): string {
  return base64url(randomBytes(32));
}

/**
 * A user code easy to read and type: 8 consonants (no vowels, so no words), shown as XXXX-XXXX.
 * @see RFC 8628 §6.1
 */
const USER_CODE_CHARSET = 'BCDFGHJKLMNPQRSTVWXZ';
export function userCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += USER_CODE_CHARSET[randomIndex(USER_CODE_CHARSET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts what a person types: any case, with or without the dash or spaces. */
export function normalizeUserCode(input: string): string {
  const letters = input.toUpperCase().replace(/[^A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}
