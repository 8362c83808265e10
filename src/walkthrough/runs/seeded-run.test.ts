import { describe, expect, it } from 'vitest';
import { seededSource } from '../../authserver/seeded-random';
import { newSeed, seededClientRandom, seedOf, shareLink } from './seeded-run';

describe('seeded runs in the walk-through', () => {
  it('reads ?seed=<word> from the address, and tells an invalid seed from none', () => {
    expect(seedOf('?seed=lecture-1')).toEqual({ seed: 'lecture-1' });
    expect(seedOf('?x=1&seed=two%20words')).toEqual({ invalid: 'two words' });
    expect(seedOf('?seed=')).toEqual({ invalid: '' });
    expect(seedOf('')).toBeNull();
  });

  it('shares the flow page with the seed, at the current step', () => {
    const page = { origin: 'http://localhost:4321', pathname: '/flows/pkce/' };
    expect(shareLink(page, 'lecture-1', 'check-state')).toBe('http://localhost:4321/flows/pkce/?seed=lecture-1#step-check-state');
    expect(shareLink(page, 'lecture-1', null)).toBe('http://localhost:4321/flows/pkce/?seed=lecture-1');
  });

  it('makes a fresh seed that is itself a valid seed', () => {
    const seed = newSeed(seededSource('x', 'y'));
    expect(seed).toMatch(/^run-[a-z2-9]{8}$/);
    expect(seedOf(`?seed=${seed}`)).toEqual({ seed });
  });

  it('draws the same values for the same seed, and starts over on restart', () => {
    const [a, b] = [seededClientRandom('w'), seededClientRandom('w')];
    const first = a.random(new Uint8Array(16));
    expect(b.random(new Uint8Array(16))).toEqual(first);
    expect(a.random(new Uint8Array(16))).not.toEqual(first);
    a.restart();
    expect(a.random(new Uint8Array(16))).toEqual(first);
    expect(seededClientRandom('other').random(new Uint8Array(16))).not.toEqual(first);
  });
});
