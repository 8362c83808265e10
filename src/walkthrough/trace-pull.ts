import type { TraceEvent } from '../trace/events';
import type { WalkthroughEnv } from './env';
import { pullServerTrace, withoutClientDuplicates } from './server-trace';
import type { RecordedEvent, TracePosition } from './types';

/**
 * Pulls the server's events up to and including the first one that `isLast` accepts, and leaves the
 * rest for the next step, so that checks the server made in one go can be shown one flow step at a time
 * (e.g. client authentication, then the scope check). When none matches, everything new is returned.
 */
export async function pullServerEventsThrough(
  env: WalkthroughEnv,
  input: TracePosition,
  isLast: (event: TraceEvent) => boolean,
): Promise<{ events: RecordedEvent[]; serverSeq: number }> {
  const page = await pullServerTrace(env.fetch, input.serverSeq);
  const last = page.events.findIndex(isLast);
  const taken = last < 0 ? page.events : page.events.slice(0, last + 1);
  return {
    events: withoutClientDuplicates(taken, input.trace),
    serverSeq: last < 0 ? page.next : page.events[last]!.seq,
  };
}
