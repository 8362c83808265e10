import { describe, expect, it } from 'vitest';
import { base64ToText, base64url, randomBytes, randomIndex, secretsEqual, sha256Text } from './crypto';
import { s256 } from './checks/pkce';
import { jsonLength, utf8Length } from './store/bytes';

describe('crypto (Web Crypto and @noble/hashes, no node:crypto)', () => {
  it('computes the S256 challenge of RFC 7636 Appendix B', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('encodes base64url without padding, as Node does', () => {
    for (const length of [0, 1, 2, 3, 16, 31, 32]) {
      const bytes = randomBytes(length);
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });

  it('decodes Basic credentials like Buffer, and refuses what is not base64', () => {
    expect(base64ToText(Buffer.from('web-app:s3cr%C3%A9t é').toString('base64'))).toBe('web-app:s3cr%C3%A9t é');
    expect(base64ToText('a')).toBeUndefined();
  });

  it('compares secrets by their SHA-256', () => {
    expect(sha256Text('abc')).toEqual(Uint8Array.from(Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex')));
    expect(secretsEqual('wonderland', 'wonderland')).toBe(true);
    expect(secretsEqual('wonderland', 'wonderlanD')).toBe(false);
    expect(secretsEqual('', 'x')).toBe(false);
  });

  it('hands out random bytes once each, whatever the sizes asked', () => {
    const draws = [...Array.from({ length: 600 }, (_, i) => randomBytes(1 + (i % 40))), randomBytes(5000), randomBytes(0)];
    expect(draws.map((bytes) => bytes.length)).toEqual([...Array.from({ length: 600 }, (_, i) => 1 + (i % 40)), 5000, 0]);
    // 16-byte draws across several pages (a page holds 4096 bytes) never repeat.
    const ids = new Set(Array.from({ length: 1000 }, () => Buffer.from(randomBytes(16)).toString('hex')));
    expect(ids.size).toBe(1000);
  });

  it('draws every index of a range, and none outside it', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => randomIndex(20)));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(() => randomIndex(0)).toThrow(RangeError);
  });

  it('measures JSON text exactly, whether or not a string needs escapes', () => {
    for (const value of ['', 'plain text', 'a "quote"', 'back\\slash', 'tab\there', '\u007f', 'é', '🦊', 'a\ud800b', 42, null, { a: ['b"'] }]) {
      expect(jsonLength(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
    }
  });

  it('counts UTF-8 bytes exactly as Buffer.byteLength does', () => {
    for (const text of ['', 'abc', 'é', '€', '🦊', 'a\ud800b', '\udc00', 'x🦊é€\ud83d']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});
