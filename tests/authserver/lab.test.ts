import { describe, expect, it } from 'vitest';
import type { CheckEvent, ExchangeEvent, TraceEvent } from '../../src/trace/events';
import { exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, postForm, postJson, readJson, webAppAuthorization } from './helpers';

const server = newServer();

async function trace(cookie: string, after = 0): Promise<{ events: TraceEvent[]; next: number }> {
  return (await (await get(server, `/oauth/lab/trace?after=${after}`, { cookie })).json()) as { events: TraceEvent[]; next: number };
}

describe('lab endpoints and the learner trace', () => {
  it('records every exchange with its checks, in order, without the cookie', async () => {
    const cookie = learnerCookie();
    const code = await obtainCode(server, webAppAuthorization(), { cookie });
    await exchangeWebAppCode(server, code, { cookie });
    const { events, next } = await trace(cookie);
    const exchanges = events.filter((e): e is ExchangeEvent => e.type === 'exchange');
    expect(exchanges.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`)).toEqual([
      'GET /oauth/authorize 200',
      'POST /oauth/authorize 302',
      'POST /oauth/token 200',
    ]);
    expect(exchanges[0]!.channel).toBe('front');
    expect(exchanges[2]!.channel).toBe('back');
    expect(exchanges[0]!.response.body).toMatch(/^<HTML login and consent page, \d+\.\d kB>$/);
    expect(exchanges[2]!.request.body).toContain('grant_type=authorization_code');
    expect(JSON.parse(exchanges[2]!.response.body!).token_type).toBe('Bearer');
    expect(exchanges.every((e) => !('cookie' in e.request.headers))).toBe(true);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(next).toBe(events.length);
    const checks = events.filter((e): e is CheckEvent => e.type === 'check');
    const names = checks.map((c) => c.name);
    for (const name of ['redirect_uri matches', 'client authentication', 'code is unused', 'code is unexpired']) {
      expect(names).toContain(name);
    }
    expect(checks.every((c) => c.verdict === 'pass' && typeof c.rfc === 'string')).toBe(true);
    // Checks come right after the exchange that caused them.
    const tokenIndex = events.indexOf(exchanges[2]!);
    expect((events[tokenIndex + 1] as CheckEvent).name).toBe('client authentication');
  });

  it('records failed checks with their inputs and verdict', async () => {
    const cookie = learnerCookie();
    await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code: 'x', client_id: 'web-app', client_secret: 'bad' }, { cookie });
    const { events } = await trace(cookie);
    const check = events.find((e): e is CheckEvent => e.type === 'check')!;
    expect(check).toMatchObject({ name: 'client authentication', verdict: 'fail', rfc: 'RFC 6749 §2.3.1', actor: 'authserver' });
    expect(check.inputs).toMatchObject({ client_id: 'web-app', method: 'client_secret_post' });
  });

  it('returns only events after the given seq, and keeps numbering after a reset', async () => {
    const cookie = learnerCookie();
    await get(server, '/.well-known/oauth-authorization-server', { cookie });
    const first = await trace(cookie);
    expect(first.events).toHaveLength(1);
    await get(server, '/oauth/jwks', { cookie });
    const second = await trace(cookie, first.next);
    expect(second.events).toHaveLength(1);
    expect(second.events[0]!.seq).toBe(first.next + 1);
    expect((await postJson(server, '/oauth/lab/reset', {}, { cookie })).status).toBe(200);
    expect((await trace(cookie)).events).toEqual([]);
    await get(server, '/oauth/jwks', { cookie });
    expect((await trace(cookie, second.next)).events[0]!.seq).toBe(second.next + 1);
  });

  it('does not record the lab endpoints themselves', async () => {
    const cookie = learnerCookie();
    await get(server, '/oauth/lab/clock', { cookie });
    await trace(cookie);
    expect((await trace(cookie)).events).toEqual([]);
  });

  it('keeps each learner’s trace separate', async () => {
    const a = learnerCookie();
    const b = learnerCookie();
    await get(server, '/oauth/jwks', { cookie: a });
    expect((await trace(b)).events).toEqual([]);
  });

  it('advances and sets a learner’s clock', async () => {
    const cookie = learnerCookie();
    const before = await readJson(await get(server, '/oauth/lab/clock', { cookie }));
    expect(before.offset_seconds).toBe(0);
    const advanced = await readJson(await postJson(server, '/oauth/lab/clock', { advance_seconds: 3600 }, { cookie }));
    expect(advanced.offset_seconds).toBe(3600);
    expect(Number(advanced.now) - Number(before.now)).toBeGreaterThanOrEqual(3600);
    expect((await readJson(await postJson(server, '/oauth/lab/clock', { advance_seconds: 60 }, { cookie }))).offset_seconds).toBe(3660);
    expect((await readJson(await postJson(server, '/oauth/lab/clock', { offset_seconds: 0 }, { cookie }))).offset_seconds).toBe(0);
    expect((await readJson(await get(server, '/oauth/lab/clock', { cookie: learnerCookie() }))).offset_seconds).toBe(0);
  });

  it('refuses to move the shared public clock, and bad clock bodies, with invalid_request', async () => {
    const cookie = learnerCookie();
    const cases: [Response, number][] = [
      [await postJson(server, '/oauth/lab/clock', { advance_seconds: 10 }), 400],
      [await postJson(server, '/oauth/lab/clock', '{not json', { cookie }), 400],
      [await postJson(server, '/oauth/lab/clock', { advance_seconds: -5 }, { cookie }), 400],
      [await postJson(server, '/oauth/lab/clock', { advance_seconds: '10' }, { cookie }), 400],
      [await postJson(server, '/oauth/lab/clock', [1], { cookie }), 400],
      [await postForm(server, '/oauth/lab/clock', { advance_seconds: '10' }, { cookie }), 400],
      [await get(server, '/oauth/lab/trace?after=-1', { cookie }), 400],
    ];
    for (const [response, status] of cases) {
      expect(response.status).toBe(status);
      expect((await readJson(response)).error).toBe('invalid_request');
    }
    expect((await readJson(await get(server, '/oauth/lab/clock', { cookie }))).offset_seconds).toBe(0);
  });

  it('ignores a malformed learner cookie and uses the public namespace', async () => {
    const response = await postJson(server, '/oauth/lab/clock', { advance_seconds: 10 }, { cookie: 'osl_learner=bad id!' });
    expect(response.status).toBe(400);
  });
});
