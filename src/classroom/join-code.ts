/**
 * Join codes: short, read aloud in a room and typed on a phone. The alphabet leaves out the
 * characters people confuse (0 and O, 1, I and l), and input is forgiving: case, spaces and dashes
 * do not matter. Pure, shared by the server (which draws codes) and the join page (which reads them).
 */

/** Upper-case letters and digits without 0, O, 1, I and L. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

const CODE = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/**
 * A new code from random bytes (`random` fills the array, e.g. `crypto.getRandomValues`). Bytes that
 * would bias the draw are drawn again, so every code is equally likely (31^6, about 887 million).
 */
export function newJoinCode(random: (bytes: Uint8Array) => Uint8Array): string {
  const limit = 256 - (256 % JOIN_CODE_ALPHABET.length);
  let code = '';
  while (code.length < JOIN_CODE_LENGTH) {
    for (const byte of random(new Uint8Array(JOIN_CODE_LENGTH * 2))) {
      if (byte < limit && code.length < JOIN_CODE_LENGTH) code += JOIN_CODE_ALPHABET[byte % JOIN_CODE_ALPHABET.length];
    }
  }
  return code;
}

/** The code in `input` (any case, with spaces or dashes), or `null` when it cannot be one. */
export function parseJoinCode(input: string): string | null {
  const code = input.replace(/[\s-]+/g, '').toUpperCase();
  return CODE.test(code) ? code : null;
}

/** How a code is shown: two groups of three, easier to read aloud (`ABC DEF`). */
export function displayJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
