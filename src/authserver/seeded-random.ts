/**
 * Seeded runs: the same word gives the same random values, so a projector, a handout and every
 * learner's screen show the same state, code_verifier, codes and token ids. Values are drawn from a
 * stream of HMAC-SHA-256 blocks keyed by the seed: block i of the stream `label` is
 * HMAC-SHA-256(seed, "<label>:<i>"). The walk-through draws from the label `client`; the server
 * draws from `server:<n>` for the n-th request in a seeded namespace (`seeded-run.ts`).
 * A leaf module (only `@noble/hashes`, synchronous and dependency-free), so the browser's
 * walk-through and the server share it.
 *
 * Seeding is opt-in, per learner: a seeded value is as guessable as its seed, which is the point of
 * a shared run; an unseeded namespace keeps drawing from the system's CSPRNG.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** A seed: one short word of letters, digits, `-` and `_` (it travels in a URL, `?seed=<word>`). */
export const SEED_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export function isSeed(value: unknown): value is string {
  return typeof value === 'string' && SEED_PATTERN.test(value);
}

/** Where random bytes come from: a function returning `byteLength` fresh bytes. */
export type RandomSource = (byteLength: number) => Uint8Array;

/** The deterministic byte stream `label` of `seed`: each call continues where the last one stopped. */
export function seededSource(seed: string, label: string): RandomSource {
  const key = utf8ToBytes(seed);
  let block = 0;
  let buffered = new Uint8Array(0);
  return (byteLength) => {
    const out = new Uint8Array(byteLength);
    let filled = 0;
    while (filled < byteLength) {
      if (buffered.length === 0) buffered = hmac(sha256, key, utf8ToBytes(`${label}:${block++}`));
      const take = Math.min(buffered.length, byteLength - filled);
      out.set(buffered.subarray(0, take), filled);
      buffered = buffered.subarray(take);
      filled += take;
    }
    return out;
  };
}
