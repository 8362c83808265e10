import { ENDPOINTS } from '../../authserver/paths';
import { isSeed, seededSource, type RandomSource } from '../../authserver/seeded-random';
import { stepAnchor } from '../../flows/derive';

/**
 * A seeded, shareable run on the walk-through's side: `?seed=<word>` in the page's address makes the
 * walk-through's own random values (state, code_verifier, nonce) come from the seed, and asks the server
 * to seed the learner's namespace too (`POST /oauth/lab/reset` with the seed), so the same link gives the
 * same values on every screen. Pure helpers first, then the one request.
 */

/** The `seed` parameter of a page address: a valid seed, an invalid one (ignored, and said so), or none. */
export function seedOf(search: string): { seed: string } | { invalid: string } | null {
  const value = new URLSearchParams(search).get('seed');
  if (value === null) return null;
  return isSeed(value) ? { seed: value } : { invalid: value };
}

/** The link "Share this run" copies: the flow page with the seed, at the current step's prose. */
export function shareLink(page: { origin: string; pathname: string }, seed: string, stepId: string | null): string {
  return `${page.origin}${page.pathname}?seed=${encodeURIComponent(seed)}${stepId ? `#${stepAnchor({ id: stepId })}` : ''}`;
}

const WORD_LETTERS = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A fresh seed for a run shared before it was seeded: `run-` and 8 letters or digits that read aloud well. */
export function newSeed(random: RandomSource): string {
  let word = '';
  while (word.length < 8) {
    const byte = random(1)[0]!;
    if (byte < 248) word += WORD_LETTERS[byte % WORD_LETTERS.length]; // 248 = 8 × 31: every letter equally likely
  }
  return `run-${word}`;
}

/** The walk-through's random source in a seeded run; `restart` starts the stream over (Reset replays the same values). */
export function seededClientRandom(seed: string): { random: (bytes: Uint8Array) => Uint8Array; restart: () => void } {
  let source = seededSource(seed, 'client');
  return {
    random: (bytes) => {
      bytes.set(source(bytes.length));
      return bytes;
    },
    restart: () => {
      source = seededSource(seed, 'client');
    },
  };
}

/** Starts the learner over in a fresh namespace, seeded when `seed` is given. @see `labReset` on the server */
export async function resetLab(fetcher: typeof fetch, seed?: string): Promise<Response> {
  return fetcher(ENDPOINTS.labReset, {
    method: 'POST',
    credentials: 'same-origin',
    ...(seed === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed }) }),
  });
}
