/**
 * The learner's trace: every exchange the server handles (except the lab endpoints)
 * and every check it makes, as typed events for the Inspector. Bounded per learner.
 */
import type { CheckEvent, ExchangeEvent, TraceEvent } from '../trace/events';
import type { Store } from './store/types';

const TRACE_KEY = 'trace';
const TRACE_TTL_SECONDS = 6 * 3600;
/** Events kept per learner; older ones are dropped first. */
export const MAX_TRACE_EVENTS = 200;
/** Bodies and header values longer than this are cut in the trace. */
export const MAX_RECORDED_TEXT = 4096;

export type UnsequencedEvent = Omit<ExchangeEvent, 'seq'> | Omit<CheckEvent, 'seq'>;

interface StoredTrace {
  /** Highest seq handed out so far; keeps growing across resets so pollers never miss events. */
  last_seq: number;
  events: TraceEvent[];
}

export async function appendTrace(store: Store, namespace: string, events: UnsequencedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const trace = (await store.get<StoredTrace>(namespace, TRACE_KEY)) ?? { last_seq: 0, events: [] };
  const appended = events.map((event) => ({ ...event, seq: ++trace.last_seq }) as TraceEvent);
  const all = [...trace.events, ...appended];
  await store.set<StoredTrace>(
    namespace,
    TRACE_KEY,
    { last_seq: trace.last_seq, events: all.slice(-MAX_TRACE_EVENTS) },
    TRACE_TTL_SECONDS,
  );
}

/** Events with `seq > after`, and the seq to pass as `after` next time. */
export async function readTrace(
  store: Store,
  namespace: string,
  after: number,
): Promise<{ events: TraceEvent[]; next: number }> {
  const trace = await store.get<StoredTrace>(namespace, TRACE_KEY);
  if (!trace) return { events: [], next: 0 };
  // A poller ahead of the server (e.g. after a restart) starts over instead of waiting forever.
  if (after > trace.last_seq) after = 0;
  const events = trace.events.filter((event) => event.seq > after);
  return { events, next: Math.max(after, events.at(-1)?.seq ?? after) };
}

/** Forgets the events but keeps the sequence counter. */
export async function clearTrace(store: Store, namespace: string): Promise<void> {
  const trace = await store.get<StoredTrace>(namespace, TRACE_KEY);
  if (trace) await store.set<StoredTrace>(namespace, TRACE_KEY, { last_seq: trace.last_seq, events: [] }, TRACE_TTL_SECONDS);
}

export function truncate(text: string): string {
  return text.length > MAX_RECORDED_TEXT ? `${text.slice(0, MAX_RECORDED_TEXT)}… (${text.length} characters)` : text;
}

/** A copy with every string (also inside arrays and nested objects) cut to MAX_RECORDED_TEXT. */
export function truncateValues<T>(value: T): T {
  if (typeof value === 'string') return truncate(value) as T;
  if (Array.isArray(value)) return value.map((item) => truncateValues(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, truncateValues(item)])) as T;
  }
  return value;
}
