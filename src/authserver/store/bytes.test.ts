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
