import { ENDPOINTS } from '../authserver/paths';
import type { LearnerData } from './types';
import { labClockAnswer, parseWire } from './wire';

/**
 * The lab clock: each learner namespace on the server has its own clock, which the walk-through
 * can move ahead to show expiry without waiting. Not part of OAuth: a teaching hook of this site.
 */

/** What `GET|POST` of the lab clock endpoint answers. */
export interface LabClock {
  /** The learner's "now", in epoch seconds. */
  now: number;
  /** How far ahead of real time the learner's clock is, in seconds. */
  offset_seconds: number;
}

/** The JSON body that moves the clock ahead by `seconds`. */
export function advanceClockBody(seconds: number): string {
  return JSON.stringify({ advance_seconds: seconds });
}

/** Reads a `{ now, offset_seconds }` answer; throws when the server refused. */
export function parseLabClock(status: number, text: string): LabClock {
  const clock = status === 200 ? parseWire(labClockAnswer, text) : null;
  if (!clock) throw new Error(`The lab clock did not move (HTTP ${status}).`);
  return clock;
}

/** Puts the learner's clock at `offset_seconds` ahead of real time (0: real time). Used by "Previous step". */
export async function setLabClockOffset(fetchImpl: typeof fetch, origin: string, offset_seconds: number): Promise<LabClock> {
  const response = await fetchImpl(`${origin}${ENDPOINTS.labClock}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ offset_seconds }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  return parseLabClock(response.status, await response.text());
}

/** "1 hour", "90 minutes", "2 hours 5 minutes": how far the clock is ahead. */
export function describeOffset(seconds: number): string {
  if (seconds <= 0) return 'real time';
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const parts = [
    ...(hours ? [`${hours} hour${hours === 1 ? '' : 's'}`] : []),
    ...(minutes ? [`${minutes} minute${minutes === 1 ? '' : 's'}`] : []),
  ];
  return parts.length ? parts.join(' ') : `${seconds} seconds`;
}

/** The line the walk-through shows, e.g. "Lab clock: 16:25 UTC, 1 hour ahead of real time". */
export function labClockLine(offsetSeconds: number, nowMs: number): string {
  const time = new Date(nowMs + offsetSeconds * 1000).toISOString().slice(11, 16);
  return offsetSeconds > 0
    ? `Lab clock: ${time} UTC, ${describeOffset(offsetSeconds)} ahead of real time`
    : `Lab clock: ${time} UTC (real time)`;
}

/** The lab clock offset the learner data records (0: the clock was never moved, real time). */
export function labClockOffsetOf(learner: LearnerData<'lab_clock_offset_seconds'>): number {
  return learner.lab_clock_offset_seconds ?? 0;
}
