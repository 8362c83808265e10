/**
 * Name of the cookie that selects the learner's namespace on the server (codes, tokens, clock, trace).
 * The server issues it (on the walk-through's first lab request, and anew on Reset); the page only reads it.
 */
export const LEARNER_COOKIE = 'osl_learner';

const LEARNER_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** base64url without padding. @see RFC 4648 §5 */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A random value of `byteLength` bytes, base64url encoded. */
export function randomToken(byteLength: number, random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  return base64url(random(new Uint8Array(byteLength)));
}

/** The learner id in a `document.cookie` string, if it is a valid one. */
export function learnerIdFrom(cookieHeader: string): string | null {
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LEARNER_COOKIE) {
      const value = rest.join('=');
      return LEARNER_ID.test(value) ? value : null;
    }
  }
  return null;
}
