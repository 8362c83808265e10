/**
 * The learner's trace: every exchange the server handles (except the lab endpoints)
 * and every check it makes, as typed events for the Inspector. Only a learner's own namespace
 * has a trace: the shared `public` namespace keeps none, so nobody reads what others sent.
 * Secrets are masked and every event is bounded in bytes when it is recorded.
 */
import type { CheckEvent, ExchangeEvent } from '../trace/events';
import { PUBLIC_NAMESPACE } from './context';
import { withoutSecrets } from './secrets';
import { fitJson, fitText } from './bounded';
import { logItemSeq, sequencedJson } from './store/log';
import type { LogBounds, Store } from './store/types';

const TRACE_KEY = 'trace';
const TRACE_TTL_SECONDS = 6 * 3600;
/** Events kept per learner; older ones are dropped first. */
export const MAX_TRACE_EVENTS = 200;
/** Bytes (of JSON, UTF-8) of one recorded text: a URL, a body, a header value, a check's detail or input. Longer ones are cut. */
export const MAX_RECORDED_TEXT = 4096;
/** Bytes of all request (or response) headers of one exchange; past that, the rest are left out. */
const MAX_HEADERS_BYTES = 4096;
/** Bytes of one check's inputs. */
const MAX_INPUTS_BYTES = 8192;
/** Method, check name, RFC citation. */
const MAX_NAME_BYTES = 256;
/**
 * Bytes of one event's JSON, whatever a client sends: the sum of its parts' bounds (URL, headers,
 * bodies; or a check's name, inputs and detail) and the little the rest takes.
 */
export const MAX_EVENT_BYTES = 24 * 1024;
/** Bytes of one learner's trace; older events are dropped first. */
export const MAX_TRACE_BYTES = 512 * 1024;

const TRACE_BOUNDS: LogBounds = { maxItems: MAX_TRACE_EVENTS, maxBytes: MAX_TRACE_BYTES, ttlSeconds: TRACE_TTL_SECONDS };

export type UnsequencedEvent = Omit<ExchangeEvent, 'seq'> | Omit<CheckEvent, 'seq'>;

/** Whether a namespace keeps a trace: a learner's does, the shared `public` one does not. */
export function keepsTrace(namespace: string): boolean {
  return namespace !== PUBLIC_NAMESPACE;
}

export async function appendTrace(store: Store, namespace: string, events: UnsequencedEvent[]): Promise<void> {
  if (events.length === 0 || !keepsTrace(namespace)) return;
  await store.append(namespace, TRACE_KEY, events.map(recordable), TRACE_BOUNDS);
}

/**
 * What a trace pull answers, as JSON text: `{ events, next }`, the events with `seq > after` and the
 * seq to pass as `after` next time. It is made from the events' JSON as the store keeps it: a poller
 * asks several times a second, and parsing the events to write them again would change nothing it reads.
 */
export async function readTraceJson(store: Store, namespace: string, after: number): Promise<string> {
  if (!keepsTrace(namespace)) return '{"events":[],"next":0}';
  let trace = await store.readLogJson(namespace, TRACE_KEY, after);
  // A poller ahead of the server (e.g. after a restart) starts over instead of waiting forever.
  if (after > trace.last) {
    after = 0;
    trace = await store.readLogJson(namespace, TRACE_KEY);
  }
  const newest = trace.items.at(-1);
  return `{"events":[${trace.items.map(sequencedJson).join(',')}],"next":${Math.max(after, newest === undefined ? after : logItemSeq(newest))}}`;
}

/** Forgets the events but keeps the sequence counter, so pollers never miss later events. */
export async function clearTrace(store: Store, namespace: string): Promise<void> {
  if (keepsTrace(namespace)) await store.append(namespace, TRACE_KEY, [], { ...TRACE_BOUNDS, maxItems: 0 });
}

/** The event as the trace keeps it: secrets masked, every part bounded in bytes (see MAX_EVENT_BYTES). */
export function recordable(event: UnsequencedEvent): UnsequencedEvent {
  const clean = withoutSecrets(event);
  if (clean.type === 'check') {
    return {
      ...clean,
      name: fitText(clean.name, MAX_NAME_BYTES),
      inputs: fitJson(clean.inputs, MAX_INPUTS_BYTES, MAX_RECORDED_TEXT),
      ...(clean.detail !== undefined ? { detail: fitText(clean.detail, MAX_RECORDED_TEXT) } : {}),
      ...(clean.rfc !== undefined ? { rfc: fitText(clean.rfc, MAX_NAME_BYTES) } : {}),
    };
  }
  const { request, response } = clean;
  return {
    ...clean,
    request: {
      method: fitText(request.method, MAX_NAME_BYTES),
      url: fitText(request.url, MAX_RECORDED_TEXT),
      headers: fitJson(request.headers, MAX_HEADERS_BYTES),
      ...(request.body !== undefined ? { body: fitText(request.body, MAX_RECORDED_TEXT) } : {}),
    },
    response: {
      status: response.status,
      headers: fitJson(response.headers, MAX_HEADERS_BYTES),
      ...(response.body !== undefined ? { body: fitText(response.body, MAX_RECORDED_TEXT) } : {}),
    },
  };
}

/** A copy with every string (also inside arrays and nested objects) cut to MAX_RECORDED_TEXT bytes. */
export function truncateValues<T>(value: T): T {
  return fitJson(value, Number.POSITIVE_INFINITY, MAX_RECORDED_TEXT);
}
