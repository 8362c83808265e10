import { describe, expect, it } from 'vitest';
import { base64url, learnerIdFrom, randomToken } from './learner';

describe('learner namespace', () => {
  it('a random token of 16 bytes is 22 base64url characters, different each time', () => {
    const a = randomToken(16);
    const b = randomToken(16);
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
  });

  it('base64url has no padding and uses - and _ @see RFC 4648 §5', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('reads a valid id from document.cookie and ignores malformed ones', () => {
    expect(learnerIdFrom('theme=dark; osl_learner=Abc_def-12345678; x=1')).toBe('Abc_def-12345678');
    expect(learnerIdFrom('osl_learner=short')).toBeNull();
    expect(learnerIdFrom('osl_learner=has spaces in it')).toBeNull();
    expect(learnerIdFrom('other=1')).toBeNull();
  });
});
