import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { describe, expect, it } from 'vitest';
import { ADVANCE_CLOCK } from '../../flows/refresh-token';
import { act, back, blankFrame, check, exchanges, learnerSite, next, startWalkthroughOf, TEST_ORIGIN } from './test-site';
import { refreshTokenWalkthrough } from './refresh-token';

/** The refresh token effects against the real toy authorization server. */
describe('Refresh token walk-through against the toy server', () => {
  it('gets real tokens, sees them expire after the clock moves, refreshes with rotation, and detects reuse', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(refreshTokenWalkthrough, { frame: blankFrame, site });
    let context = (await next(actor, 3)).context;
    expect(context.outcome).toBeNull();

    // Setup: a real authorization code grant, in the first step's entries.
    const setup = context.trace.filter((e) => e.stepId === 'holds-tokens');
    expect(exchanges(setup, 'GET', ENDPOINTS.authorize)[0]).toMatchObject({ recordedBy: 'server', response: { status: 200 } });
    expect(exchanges(setup, 'POST', ENDPOINTS.authorize)[0]).toMatchObject({ recordedBy: 'server', response: { status: 302 } });
    expect(exchanges(setup, 'GET', CLIENT_PAGES.callback)[0]!.request.url).toMatch(/\?code=.+&state=.+/);
    const codeExchange = exchanges(setup, 'POST', ENDPOINTS.token);
    expect(codeExchange).toHaveLength(1);
    expect(codeExchange[0]!.request.body).toContain('grant_type=authorization_code');
    expect(check(setup, 'holds tokens')).toMatchObject({ verdict: 'pass' });
    const firstRefreshToken = context.learner.refresh_token!;
    expect(exchanges(context.trace, 'GET', ENDPOINTS.apiMe)[0]!.response.status).toBe(200);

    // "Advance clock 1 hour": the access token expires.
    context = (await act(actor, ADVANCE_CLOCK.id)).context;
    expect(context.completed).toBe(4);
    expect(context.learner.lab_clock_offset_seconds).toBe(3600);
    expect(exchanges(context.trace, 'POST', ENDPOINTS.labClock)[0]!.request.body).toBe('{"advance_seconds":3600}');
    expect(check(context.trace, 'access token past exp')).toMatchObject({ verdict: 'pass' });

    context = (await next(actor, 2)).context;
    const expired = exchanges(context.trace, 'GET', ENDPOINTS.apiMe)[1]!;
    expect(expired.response.status).toBe(401);
    expect(expired.response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    expect(check(context.trace, 'API says invalid_token')).toMatchObject({ verdict: 'pass', stepId: 'invalid-token' });

    // Refresh: a new access token and a new refresh token.
    context = (await next(actor, 3)).context;
    const refresh = exchanges(context.trace, 'POST', ENDPOINTS.token)[1]!;
    expect(Object.fromEntries(new URLSearchParams(refresh.request.body))).toEqual({ grant_type: 'refresh_token', refresh_token: firstRefreshToken });
    expect(refresh.response.status).toBe(200);
    expect(context.learner.refresh_token).not.toBe(firstRefreshToken);
    expect(context.learner.previous_refresh_token).toBe(firstRefreshToken);
    expect(check(context.trace, 'refresh token rotated')).toMatchObject({ verdict: 'pass', stepId: 'refresh-response' });
    expect(check(context.trace, 'refresh token rotation')).toMatchObject({ verdict: 'pass', actor: 'authserver', stepId: 'verify-refresh-token' });

    context = (await next(actor, 2)).context;
    expect(exchanges(context.trace, 'GET', ENDPOINTS.apiMe)[2]!.response.status).toBe(200);

    // Replay of the old refresh token, then the newest one fails too.
    context = (await next(actor, 2)).context;
    expect(context.outcome).toBe('done');
    const [, , replay, newest] = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(new URLSearchParams(replay!.request.body).get('refresh_token')).toBe(firstRefreshToken);
    expect(replay!.response.status).toBe(400);
    expect(JSON.parse(replay!.response.body!).error).toBe('invalid_grant');
    expect(new URLSearchParams(newest!.request.body).get('refresh_token')).toBe(context.learner.refresh_token);
    expect(JSON.parse(newest!.response.body!).error).toBe('invalid_grant');
    expect(check(context.trace, 'reuse rejected')).toMatchObject({ verdict: 'pass' });
    expect(check(context.trace, 'whole grant revoked')).toMatchObject({ verdict: 'pass' });
  });

  it('Next runs the clock step too (Play needs no button)', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(refreshTokenWalkthrough, { frame: blankFrame, site });
    const context = (await next(actor, 6)).context;
    expect(context.learner.lab_clock_offset_seconds).toBe(3600);
    expect(check(context.trace, 'API says invalid_token')).toMatchObject({ verdict: 'pass' });
  });

  it('Previous step to before the clock moved puts the server clock back, so the API accepts the token again', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(refreshTokenWalkthrough, { frame: blankFrame, site });
    (await next(actor, 3)).context;
    (await act(actor, ADVANCE_CLOCK.id)).context;
    let context = (await back(actor, 3)).context;
    expect(context.completed).toBe(1);
    expect(context.learner.lab_clock_offset_seconds).toBeUndefined();
    context = (await next(actor, 2)).context;
    expect(context.outcome).toBeNull();
    const calls = exchanges(context.trace, 'GET', ENDPOINTS.apiMe);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.response.status).toBe(200);
    const clock = await site.fetchSite(`${TEST_ORIGIN}${ENDPOINTS.labClock}`);
    expect((await clock.json()).offset_seconds).toBe(0);
  });
});
