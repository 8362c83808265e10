import { describe, expect, it } from 'vitest';
import type { CheckEvent, ExchangeEvent, TraceEvent } from '../../src/trace/events';
import { exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, postForm, postJson, readJson, webAppAuthorization } from './helpers';

const server = newServer();

async function trace(cookie: string, after = 0): Promise<{ events: TraceEvent[]; next: number }> {
  return (await (await get(server, `/oauth/lab/trace?after=${after}`, { cookie })).json()) as { events: TraceEvent[]; next: number };
}

describe('lab endpoints and the learner trace', () => {
  it('records every exchange with its checks, in order, without the cookie', async () => {
    const cookie = await learnerCookie(server);
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
    const cookie = await learnerCookie(server);
    await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code: 'x', client_id: 'web-app', client_secret: 'bad' }, { cookie });
    const { events } = await trace(cookie);
    const check = events.find((e): e is CheckEvent => e.type === 'check')!;
    expect(check).toMatchObject({ name: 'client authentication', verdict: 'fail', rfc: 'RFC 6749 §2.3.1', actor: 'authserver' });
    expect(check.inputs).toMatchObject({ client_id: 'web-app', method: 'client_secret_post' });
  });

  it('returns only events after the given seq', async () => {
    const cookie = await learnerCookie(server);
    await get(server, '/.well-known/oauth-authorization-server', { cookie });
    const first = await trace(cookie);
    expect(first.events).toHaveLength(1);
    await get(server, '/oauth/jwks', { cookie });
    const second = await trace(cookie, first.next);
    expect(second.events).toHaveLength(1);
    expect(second.events[0]!.seq).toBe(first.next + 1);
  });

  it('Reset forgets the learner id and issues a new one, whose trace is empty', async () => {
    const cookie = await learnerCookie(server);
    await get(server, '/oauth/jwks', { cookie });
    const reset = await postJson(server, '/oauth/lab/reset', {}, { cookie });
    expect(reset.status).toBe(200);
    const renewed = reset.headers.get('set-cookie')?.split(';')[0];
    expect(renewed).toMatch(/^osl_learner=[A-Za-z0-9_-]{22}$/);
    expect(renewed).not.toBe(cookie);
    expect((await trace(renewed!)).events).toEqual([]);
    const old = await get(server, '/oauth/lab/trace', { cookie });
    expect(old.headers.get('set-cookie')?.split(';')[0]).not.toBe(cookie);
    expect(((await old.json()) as { events: unknown[] }).events).toEqual([]);
  });

  it('does not record the lab endpoints themselves', async () => {
    const cookie = await learnerCookie(server);
    await get(server, '/oauth/lab/clock', { cookie });
    await trace(cookie);
    expect((await trace(cookie)).events).toEqual([]);
  });

  it('keeps each learner’s trace separate', async () => {
    const a = await learnerCookie(server);
    const b = await learnerCookie(server);
    await get(server, '/oauth/jwks', { cookie: a });
    expect((await trace(b)).events).toEqual([]);
  });

  it('advances and sets a learner’s clock', async () => {
    const cookie = await learnerCookie(server);
    const before = await readJson(await get(server, '/oauth/lab/clock', { cookie }));
    expect(before.offset_seconds).toBe(0);
    const advanced = await readJson(await postJson(server, '/oauth/lab/clock', { advance_seconds: 3600 }, { cookie }));
    expect(advanced.offset_seconds).toBe(3600);
    expect(Number(advanced.now) - Number(before.now)).toBeGreaterThanOrEqual(3600);
    expect((await readJson(await postJson(server, '/oauth/lab/clock', { advance_seconds: 60 }, { cookie }))).offset_seconds).toBe(3660);
    expect((await readJson(await postJson(server, '/oauth/lab/clock', { offset_seconds: 0 }, { cookie }))).offset_seconds).toBe(0);
    expect((await readJson(await get(server, '/oauth/lab/clock', { cookie: await learnerCookie(server) }))).offset_seconds).toBe(0);
  });

  it('refuses bad clock bodies with invalid_request', async () => {
    const cookie = await learnerCookie(server);
    const cases: [Response, number][] = [
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

  it('never moves the shared public clock: a lab request without a learner id gets its own namespace', async () => {
    const moved = await postJson(server, '/oauth/lab/clock', { advance_seconds: 10 });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('set-cookie')).toMatch(/^osl_learner=/);
    const other = await readJson(await get(server, '/oauth/lab/clock'));
    expect(other.offset_seconds).toBe(0);
  });

  it('treats a malformed learner cookie as unknown: a new namespace with a new id', async () => {
    const response = await postJson(server, '/oauth/lab/clock', { advance_seconds: 10 }, { cookie: 'osl_learner=bad id!' });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^osl_learner=[A-Za-z0-9_-]{22};/);
  });
});
