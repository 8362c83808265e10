import { describe, expect, it } from 'vitest';
import { refreshToken } from '../../flows/refresh-token';
import { checkNamed, exchanges, origin, startWalkthrough } from '../testing/learner-site';
import { createRefreshTokenScript } from './refresh-token';

/** The refresh token effects against the real toy authorization server. */
describe('Refresh token walk-through against the toy server', () => {
  it('gets real tokens, sees them expire after the clock moves, refreshes with rotation, and detects reuse', async () => {
    const run = startWalkthrough(refreshToken, createRefreshTokenScript);
    let context = await run.next(3);
    expect(context.outcome).toBeNull();

    // Setup: a real authorization code grant, in the first step's entries.
    const setup = context.trace.filter((e) => e.stepId === 'holds-tokens');
    expect(exchanges(setup, 'GET', '/oauth/authorize')[0]).toMatchObject({ recordedBy: 'server', response: { status: 200 } });
    expect(exchanges(setup, 'POST', '/oauth/authorize')[0]).toMatchObject({ recordedBy: 'server', response: { status: 302 } });
    expect(exchanges(setup, 'GET', '/lab/callback')[0]!.request.url).toMatch(/\?code=.+&state=.+/);
    const codeExchange = exchanges(setup, 'POST', '/oauth/token');
    expect(codeExchange).toHaveLength(1);
    expect(codeExchange[0]!.request.body).toContain('grant_type=authorization_code');
    expect(checkNamed(setup, 'holds tokens')[0]).toMatchObject({ verdict: 'pass' });
    const firstRefreshToken = context.learner.refresh_token!;
    expect(exchanges(context.trace, 'GET', '/api/me')[0]!.response.status).toBe(200);

    // "Advance clock 1 hour": the access token expires.
    context = await run.act('advance-clock');
    expect(context.completed).toBe(4);
    expect(context.learner.lab_clock_offset_seconds).toBe('3600');
    expect(exchanges(context.trace, 'POST', '/oauth/lab/clock')[0]!.request.body).toBe('{"advance_seconds":3600}');
    expect(checkNamed(context.trace, 'access token past exp')[0]).toMatchObject({ verdict: 'pass' });

    context = await run.next(2);
    const expired = exchanges(context.trace, 'GET', '/api/me')[1]!;
    expect(expired.response.status).toBe(401);
    expect(expired.response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(checkNamed(context.trace, 'API says invalid_token')[0]).toMatchObject({ verdict: 'pass', stepId: 'invalid-token' });

    // Refresh: a new access token and a new refresh token.
    context = await run.next(3);
    const refresh = exchanges(context.trace, 'POST', '/oauth/token')[1]!;
    expect(Object.fromEntries(new URLSearchParams(refresh.request.body))).toEqual({ grant_type: 'refresh_token', refresh_token: firstRefreshToken });
    expect(refresh.response.status).toBe(200);
    expect(context.learner.refresh_token).not.toBe(firstRefreshToken);
    expect(context.learner.previous_refresh_token).toBe(firstRefreshToken);
    expect(checkNamed(context.trace, 'refresh token rotated')[0]).toMatchObject({ verdict: 'pass', stepId: 'refresh-response' });
    expect(checkNamed(context.trace, 'refresh token rotation')[0]).toMatchObject({ verdict: 'pass', actor: 'authserver', stepId: 'verify-refresh-token' });

    context = await run.next(2);
    expect(exchanges(context.trace, 'GET', '/api/me')[2]!.response.status).toBe(200);

    // Replay of the old refresh token, then the newest one fails too.
    context = await run.next(2);
    expect(context.outcome).toBe('done');
    const [, , replay, newest] = exchanges(context.trace, 'POST', '/oauth/token');
    expect(new URLSearchParams(replay!.request.body).get('refresh_token')).toBe(firstRefreshToken);
    expect(replay!.response.status).toBe(400);
    expect(JSON.parse(replay!.response.body!).error).toBe('invalid_grant');
    expect(new URLSearchParams(newest!.request.body).get('refresh_token')).toBe(context.learner.refresh_token);
    expect(JSON.parse(newest!.response.body!).error).toBe('invalid_grant');
    expect(checkNamed(context.trace, 'reuse rejected')[0]).toMatchObject({ verdict: 'pass' });
    expect(checkNamed(context.trace, 'whole grant revoked')[0]).toMatchObject({ verdict: 'pass' });
  });

  it('Next runs the clock step too (Play needs no button)', async () => {
    const run = startWalkthrough(refreshToken, createRefreshTokenScript);
    const context = await run.next(6);
    expect(context.learner.lab_clock_offset_seconds).toBe('3600');
    expect(checkNamed(context.trace, 'API says invalid_token')[0]).toMatchObject({ verdict: 'pass' });
  });

  it('Previous step to before the clock moved puts the server clock back, so the API accepts the token again', async () => {
    const run = startWalkthrough(refreshToken, createRefreshTokenScript);
    await run.next(3);
    await run.act('advance-clock');
    let context = await run.back(3);
    expect(context.completed).toBe(1);
    expect(context.learner.lab_clock_offset_seconds).toBeUndefined();
    context = await run.next(2);
    expect(context.outcome).toBeNull();
    const calls = exchanges(context.trace, 'GET', '/api/me');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.response.status).toBe(200);
    const clock = await run.site.fetchSite(`${origin}/oauth/lab/clock`);
    expect((await clock.json()).offset_seconds).toBe(0);
  });
});
