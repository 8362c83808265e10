import { describe, expect, it } from 'vitest';
import { oneByteJson, utf8Length } from './bytes.ts';

describe('oneByteJson (JSON that V8 keeps one byte per character)', () => {
  const value = { password: '••••••(9 characters)', detail: 'the server’s own page', emoji: '😀', latin: 'café', quote: '"\\' };

  it('escapes every character above U+00FF and reads back as the same value', () => {
    const json = oneByteJson(JSON.stringify(value));
    expect([...json].every((char) => char.charCodeAt(0) <= 0xff)).toBe(true);
    expect(json).toContain('\\u2022');
    expect(json).toContain('café');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('returns Latin-1 JSON as it is, and its UTF-8 length never falls below the escaped text’s', () => {
    const latin = JSON.stringify({ latin: 'café', plain: 'abc' });
    expect(oneByteJson(latin)).toBe(latin);
    const escaped = oneByteJson(JSON.stringify(value));
    expect(utf8Length(escaped)).toBeGreaterThanOrEqual(escaped.length);
  });
});

describe('utf8Length', () => {
  const encoded = (text: string) => new TextEncoder().encode(text).length;

  it('counts as an encoder writes: one to four bytes a character, a lone surrogate as U+FFFD', () => {
    for (const text of ['', 'plain', 'café', '••••••(9 characters)', 'the server’s page', '😀', 'a😀b€c', '\ud800', 'x\udc00y', '\ud800a\udc00', '\ud800\ud800\udc00', '\udc00\ud800']) {
      expect(utf8Length(text), JSON.stringify(text)).toBe(encoded(text));
    }
  });

  it('agrees with an encoder on random mixes of every kind of UTF-16 unit', () => {
    const units = [0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x2022, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xffff];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 500; round++) {
      const text = String.fromCharCode(...Array.from({ length: next() % 40 }, () => units[next() % units.length]!));
      expect(utf8Length(text), JSON.stringify(text)).toBe(encoded(text));
    }
  });
});
