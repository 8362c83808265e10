import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { displayJoinCode, JOIN_CODE_ALPHABET, newJoinCode, parseJoinCode } from './join-code';

it('draws codes from an alphabet without 0, O, 1, I or l', () => {
  expect(JOIN_CODE_ALPHABET).not.toMatch(/[0O1Il]/);
  for (let i = 0; i < 200; i++) expect(newJoinCode((bytes) => randomBytes(bytes.length))).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
});

it('draws again for bytes that would bias the draw', () => {
  // 248 and above are outside the largest multiple of 31: skipped, never mapped to a letter.
  let calls = 0;
  const code = newJoinCode((bytes) => bytes.fill(calls++ === 0 ? 250 : 0));
  expect(code).toBe('AAAAAA');
  expect(calls).toBe(2);
});

it('reads a code typed in any case, with spaces or a dash, and refuses anything else', () => {
  expect(parseJoinCode(' abc-def ')).toBe('ABCDEF');
  expect(parseJoinCode('abc def')).toBe('ABCDEF');
  expect(parseJoinCode('ABC0EF')).toBeNull();
  expect(parseJoinCode('ABCDE')).toBeNull();
  expect(parseJoinCode('ABCDEFG')).toBeNull();
  expect(displayJoinCode('ABCDEF')).toBe('ABC DEF');
});
