import { ENDPOINTS } from '../authserver/paths';
import type { ExchangeEvent, TraceEvent } from '../trace/events';
import type { RecordedEvent } from './types';
import { parseWire, traceAnswer } from './wire';

/** What `GET` of the lab trace endpoint (`?after=<seq>`) answers. */
export interface ServerTracePage {
  events: TraceEvent[];
  next: number;
}

/** Fetches the server's trace of this learner after `after` (the cookie `osl_learner` selects the learner). */
export async function pullServerTrace(fetchImpl: typeof fetch, after: number): Promise<ServerTracePage> {
  const response = await fetchImpl(`${ENDPOINTS.labTrace}?after=${encodeURIComponent(String(after))}`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) throw new Error(`The server trace is unavailable (HTTP ${response.status}).`);
  const page = parseWire(traceAnswer, await response.text());
  if (!page) throw new Error('The server trace answered something other than { events, next }.');
  return page;
}

/** Method, path and query, and status: what makes two records of one HTTP exchange the same. */
export function exchangeKey(exchange: ExchangeEvent): string {
  const url = new URL(exchange.request.url, 'http://origin.invalid');
  return `${exchange.request.method.toUpperCase()} ${url.pathname}${url.search} ${exchange.response.status}`;
}

/**
 * The server's events worth showing: all its checks, and the exchanges the client has not already
 * recorded itself (back-channel requests are recorded by the client as it sees them), so each HTTP
 * exchange appears once.
 */
export function withoutClientDuplicates(
  serverEvents: readonly TraceEvent[],
  shown: readonly RecordedEvent[],
): RecordedEvent[] {
  const clientExchanges = new Set(
    shown
      .filter((e): e is RecordedEvent & ExchangeEvent => e.type === 'exchange' && e.recordedBy === 'client')
      .map((e) => exchangeKey(e)),
  );
  return serverEvents
    .filter((event) => event.type !== 'exchange' || !clientExchanges.has(exchangeKey(event)))
    .map((event) => ({ ...event, recordedBy: 'server' as const }));
}
