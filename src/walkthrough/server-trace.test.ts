import { ENDPOINTS } from '../authserver/paths';
import { describe, expect, it } from 'vitest';
import type { ExchangeEvent, TraceEvent } from '../trace/events';
import { exchangeKey, pullServerTrace, withoutClientDuplicates } from './server-trace';
import type { RecordedEvent } from './types';

const exchange = (seq: number, method: string, url: string, status: number): ExchangeEvent => ({
  type: 'exchange',
  seq,
  at: 0,
  server: 'authserver',
  request: { method, url, headers: {} },
  response: { status, headers: {} },
});

describe('server trace', () => {
  it('an exchange is the same whether recorded with a full URL or a path', () => {
    expect(exchangeKey(exchange(1, 'post', `http://lab.test${ENDPOINTS.token}`, 200))).toBe(`POST ${ENDPOINTS.token} 200`);
    expect(exchangeKey(exchange(2, 'GET', `${ENDPOINTS.apiMe}?x=1`, 401))).toBe(`GET ${ENDPOINTS.apiMe}?x=1 401`);
  });

  it('keeps every server check and the exchanges only the server saw; drops the ones the client recorded', () => {
    const shown: RecordedEvent[] = [{ ...exchange(1, 'POST', `http://lab.test${ENDPOINTS.token}`, 200), recordedBy: 'client' }];
    const server: TraceEvent[] = [
      exchange(10, 'GET', `http://lab.test${ENDPOINTS.authorize}?state=s`, 200),
      exchange(11, 'POST', `http://lab.test${ENDPOINTS.token}`, 200),
      { type: 'check', seq: 12, at: 0, actor: 'authserver', name: 'code unused', inputs: {}, verdict: 'pass' },
      exchange(13, 'POST', `http://lab.test${ENDPOINTS.token}`, 400),
    ];
    expect(withoutClientDuplicates(server, shown).map((e) => [e.seq, e.recordedBy])).toEqual([
      [10, 'server'],
      [12, 'server'],
      [13, 'server'],
    ]);
  });

  it('pulls events after a position, with the learner cookie sent along', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fake: typeof fetch = async (input, init) => {
      calls.push([String(input), init]);
      return Response.json({ events: [exchange(5, 'GET', ENDPOINTS.apiMe, 200)], next: 5 });
    };
    const page = await pullServerTrace(fake, 4);
    expect(page.next).toBe(5);
    expect(page.events.map((e) => e.seq)).toEqual([5]);
    expect(calls[0]![0]).toBe(`${ENDPOINTS.labTrace}?after=4`);
    expect(calls[0]![1]).toMatchObject({ credentials: 'same-origin', cache: 'no-store' });
  });

  it('fails clearly when the trace is unavailable', async () => {
    const fake: typeof fetch = async () => new Response('nope', { status: 503 });
    await expect(pullServerTrace(fake, 0)).rejects.toThrow('The server trace is unavailable (HTTP 503).');
  });
});
