/**
 * A clock per learner: real time plus an offset the walk-through can advance
 * ("+1 hour"), so expiry and refresh can be shown in seconds.
 */
import type { Store } from './store/types';

const CLOCK_KEY = 'clock';
/** A learner's clock (and lab switches) are forgotten after a day without use. */
export const CLOCK_TTL_SECONDS = 24 * 3600;
/** Ten years is plenty for any lesson and keeps dates representable. */
export const MAX_OFFSET_SECONDS = 10 * 365 * 24 * 3600;

export interface LearnerClock {
  offset_seconds: number;
}

export async function readOffsetSeconds(store: Store, namespace: string): Promise<number> {
  return (await store.get<LearnerClock>(namespace, CLOCK_KEY))?.offset_seconds ?? 0;
}

export async function writeOffsetSeconds(store: Store, namespace: string, offset_seconds: number): Promise<void> {
  await store.set<LearnerClock>(namespace, CLOCK_KEY, { offset_seconds }, CLOCK_TTL_SECONDS);
}
