import type { CheckEvent, ExchangeEvent, RecordedRequest } from '../trace/events';
import type { RecordedEvent } from './types';

/** A trace event recorded on the client's side, ready to hand to the machine. */
export type ClientEvent = RecordedEvent & { recordedBy: 'client' };

/** Numbers and timestamps client-side events; one per walk-through. */
export interface ClientRecorder {
  /** Local order of client events (server events keep the server's own `seq`). */
  nextSeq(): number;
  now(): number;
  /** Numbers the next events after `seq`: a resumed run's events keep theirs (the Inspector keys entries by them). */
  continueAfter(seq: number): void;
}

export function createClientRecorder(now: () => number = Date.now): ClientRecorder {
  let seq = 0;
  return {
    nextSeq: () => ++seq,
    now,
    continueAfter: (after) => {
      seq = Math.max(seq, after);
    },
  };
}

function headersToRecord(headers: HeadersInit | Headers | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

export interface RecordedFetchResult {
  response: Response;
  /** The response body as text (already read). */
  body: string;
  event: ClientEvent & ExchangeEvent;
}

/**
 * Makes a real HTTP request and records it as the client sees it: method, URL, headers, body, response.
 * The body of `init` must be a string (or URLSearchParams) so it can be shown as sent.
 */
export async function recordedFetch(
  fetchImpl: typeof fetch,
  recorder: ClientRecorder,
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string>;
    body?: string | URLSearchParams;
    /** Cookies are sent by default (they select the learner's namespace); `omit` sends none. */
    credentials?: RequestCredentials;
  },
  meta: { server: ExchangeEvent['server']; channel: 'front' | 'back' },
): Promise<RecordedFetchResult> {
  const bodyText = init.body === undefined ? undefined : String(init.body);
  const headers = { ...init.headers };
  if (init.body instanceof URLSearchParams && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const request: RecordedRequest = {
    method: (init.method ?? 'GET').toUpperCase(),
    url,
    headers: headersToRecord(headers),
    ...(bodyText === undefined ? {} : { body: bodyText }),
  };
  const response = await fetchImpl(url, {
    method: request.method,
    headers,
    ...(bodyText === undefined ? {} : { body: bodyText }),
    credentials: init.credentials ?? 'same-origin',
    redirect: 'manual',
  });
  const body = await response.text();
  const event: ClientEvent & ExchangeEvent = {
    type: 'exchange',
    seq: recorder.nextSeq(),
    at: recorder.now(),
    server: meta.server,
    channel: meta.channel,
    request,
    response: { status: response.status, headers: headersToRecord(response.headers), ...(body ? { body } : {}) },
    recordedBy: 'client',
  };
  return { response, body, event };
}

/** Records a check the client app made: its inputs and verdict. */
export function recordCheck(
  recorder: ClientRecorder,
  name: string,
  inputs: Record<string, unknown>,
  passed: boolean,
  about: { detail?: string; rfc?: string } = {},
): ClientEvent & CheckEvent {
  return {
    type: 'check',
    seq: recorder.nextSeq(),
    at: recorder.now(),
    actor: 'client',
    name,
    inputs,
    verdict: passed ? 'pass' : 'fail',
    ...(about.detail ? { detail: about.detail } : {}),
    ...(about.rfc ? { rfc: about.rfc } : {}),
    recordedBy: 'client',
  };
}

/** `a === b` without leaking the position of the first difference through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}
