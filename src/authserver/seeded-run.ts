/**
 * The server's side of a seeded run. A learner starts one with `POST /oauth/lab/reset` and
 * `{ "seed": "<word>" }`: the new namespace remembers the seed (with its learner id, `learners.ts`), and
 * every request in it that the trace records claims the next number n of a per-namespace counter and
 * draws its random values (codes, refresh tokens, token and grant ids, device and user codes, form
 * tokens) from the stream `server:<n>` of the seed (`seeded-random.ts`). The same seed and the same
 * steps therefore give the same values in any namespace, on any instance sharing the store. Lab
 * requests (trace pulls, the clock) claim no number, so how often the page polls changes nothing.
 */
import { LEARNER_TTL_SECONDS } from './learners';
import { seededSource, type RandomSource } from './seeded-random';
import type { Store } from './store/types';

/** The counter: a log that keeps no items, only its numbering (atomic across instances). */
const COUNTER_KEY = 'seeded-requests';

export async function seededRequestSource(store: Store, namespace: string, seed: string): Promise<RandomSource> {
  const n = await store.append(namespace, COUNTER_KEY, [0], { maxItems: 0, maxBytes: 0, ttlSeconds: LEARNER_TTL_SECONDS });
  return seededSource(seed, `server:${n}`);
}
