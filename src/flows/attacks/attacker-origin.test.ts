import { describe, expect, it } from 'vitest';
import { attackerOriginOf } from './attacker-origin';

describe('attackerOriginOf', () => {
  it('is the other loopback name on the same port', () => {
    expect(attackerOriginOf('http://localhost:4321')).toBe('http://127.0.0.1:4321');
    expect(attackerOriginOf('http://127.0.0.1:4321')).toBe('http://localhost:4321');
    expect(attackerOriginOf('http://localhost')).toBe('http://127.0.0.1');
  });

  it('is null where the lab has no second origin of its own', () => {
    expect(attackerOriginOf('https://lab.example.org')).toBeNull();
    expect(attackerOriginOf('not a url')).toBeNull();
  });
});
