import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { deviceCode, LET_CODE_EXPIRE } from '../../flows/device-code';
import type { ExchangeEvent } from '../../trace/events';
import { deviceCodeWalkthrough } from './device-code';
import { ENDPOINTS } from '../../authserver/paths';
import { advanceClockBody } from '../lab-clock';
import { act, back, exchanges, formFrame, learnerSite, next, startWalkthroughOf, TEST_ORIGIN as origin } from './test-site';

/**
 * The device flow's effects against the real toy authorization server (its fetch handler), with a
 * stand-in for the phone's browser that loads the verification page and posts its form as a browser
 * would: the walk-through's logic end to end, no browser.
 */

const startWalkthrough = () => startWalkthroughOf(deviceCodeWalkthrough, { frame: formFrame });

const stepNumber = (id: string) => deviceCode.steps.findIndex((s) => s.id === id) + 1;

const errorOf = (exchange: ExchangeEvent) => (JSON.parse(exchange.response.body ?? '{}') as { error?: string }).error;

describe('Device flow walk-through against the toy server (RFC 8628)', () => {
  it('approve path: pending, slow_down, approval on the phone, tokens at the new interval, then the API', async () => {
    const actor = startWalkthrough();
    const { context } = await next(actor, deviceCode.steps.length);
    expect(context.outcome).toBe('done');
    expect(context.message).toContain('photos');

    const authorization = exchanges(context.trace, 'POST', ENDPOINTS.deviceAuthorization);
    expect(authorization).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(authorization[0]!.request.body))).toEqual({ client_id: 'tv-device', scope: 'profile photos.read' });
    expect(context.learner.user_code).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(context.learner.verification_uri_complete).toBe(`${origin}${ENDPOINTS.deviceVerification}?user_code=${encodeURIComponent(context.learner.user_code!)}`);

    // Every poll is shown once, as the TV sent it, with the server's answer.
    const polls = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(polls.map((p) => p.stepId)).toEqual(['poll-token', 'poll-too-fast', 'poll-token-approved']);
    expect(polls.every((p) => p.recordedBy === 'client' && p.channel === 'back')).toBe(true);
    expect(Object.fromEntries(new URLSearchParams(polls[0]!.request.body))).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: context.learner.device_code,
      client_id: 'tv-device',
    });
    expect(polls.map((p) => p.response.status)).toEqual([400, 400, 200]);
    expect(errorOf(polls[0]!)).toBe('authorization_pending');
    expect(errorOf(polls[1]!)).toBe('slow_down');
    expect(JSON.parse(polls[2]!.response.body!)).toMatchObject({ token_type: 'Bearer', access_token: context.learner.access_token });

    // The interval grew by 5 s, and the TV waited it on the lab clock rather than sleeping.
    expect(context.learner.interval).toBe(10);
    const clock = exchanges(context.trace, 'POST', ENDPOINTS.labClock);
    expect(clock).toHaveLength(1);
    expect(JSON.parse(clock[0]!.request.body!)).toEqual({ advance_seconds: 10 });
    expect(context.trace.find((e) => e.type === 'check' && e.name === 'polling interval respected' && e.verdict === 'fail')).toMatchObject({
      stepId: 'slow-down',
    });

    // The phone: verification page, then the user's form post accepted.
    expect(exchanges(context.trace, 'GET', ENDPOINTS.deviceVerification)[0]).toMatchObject({ stepId: 'verification-page', recordedBy: 'server' });
    expect(exchanges(context.trace, 'POST', ENDPOINTS.deviceVerification)[0]).toMatchObject({ stepId: 'user-approves', response: { status: 200 } });
    expect(context.learner.decision).toBe('approve');

    const api = exchanges(context.trace, 'GET', ENDPOINTS.apiPhotos);
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({ stepId: 'api-request', server: 'resource', response: { status: 200 } });
    expect(Number(context.learner.photo_count)).toBeGreaterThan(0);
  });

  it('a learner who waits longer than the interval before "poll too fast": that poll is in time, so the TV asks again at once and gets slow_down', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(deviceCodeWalkthrough, { frame: formFrame, site });
    await next(actor, stepNumber('authorization-pending'));
    // The learner reads for longer than the 5 s interval (moved on the lab clock instead of waited).
    const waited = await site.fetchSite(`${origin}${ENDPOINTS.labClock}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: advanceClockBody(6),
    });
    expect(waited.status).toBe(200);
    const { context } = await next(actor, 2);
    const polls = exchanges(context.trace, 'POST', ENDPOINTS.token).filter((p) => p.stepId === 'poll-too-fast');
    expect(polls.map(errorOf)).toEqual(['authorization_pending', 'slow_down']);
    expect(context.learner.interval).toBe(10);
    expect(context.message).toContain('slow_down');
  });

  it('deny path: the user denies on the phone and the next poll answers access_denied', async () => {
    const actor = startWalkthrough();
    await next(actor, stepNumber('user-approves') - 1);
    actor.send({ type: 'learner.decide', decision: 'deny' });
    await waitFor(actor, (s) => s.matches('ready'));
    expect(actor.getSnapshot().context.learner.decision).toBe('deny');
    const { context } = await next(actor, 2);
    expect(context.outcome).toBe('denied');
    expect(context.completed).toBe(stepNumber('token-response'));
    expect(context.learner.poll_error).toBe('access_denied');
    expect(context.message).toContain('access_denied');
    expect(context.learner.access_token).toBeUndefined();
    expect(exchanges(context.trace, 'GET', ENDPOINTS.apiPhotos)).toHaveLength(0);
  });

  it('expiry path: nobody answers, the lab clock passes expires_in and the next poll answers expired_token', async () => {
    const actor = startWalkthrough();
    await next(actor, stepNumber('user-approves') - 1);
    const walkedAway = await act(actor, LET_CODE_EXPIRE.id);
    const moved = exchanges(walkedAway.context.trace, 'POST', ENDPOINTS.labClock);
    expect(JSON.parse(moved[0]!.request.body!)).toEqual({ advance_seconds: 601 });
    const { context } = await next(actor, 2);
    expect(context.outcome).toBe('error');
    expect(context.learner.poll_error).toBe('expired_token');
    expect(context.message).toContain('expired_token');
    expect(context.trace.some((e) => e.type === 'check' && e.name === 'device code is unexpired' && e.verdict === 'fail')).toBe(true);
  });

  it('Previous after "let the code expire" puts the learner’s server clock back, so the code still works', async () => {
    const site = learnerSite(origin);
    const actor = startWalkthroughOf(deviceCodeWalkthrough, { frame: formFrame, site });
    await next(actor, stepNumber('user-approves') - 1);
    await act(actor, LET_CODE_EXPIRE.id);
    const clockNow = async () => (await (await site.fetchSite(ENDPOINTS.labClock)).json()) as { offset_seconds: number };
    expect((await clockNow()).offset_seconds).toBe(601);

    const { context: returned } = await back(actor);
    expect(returned.completed).toBe(stepNumber('user-approves') - 1);
    expect((await clockNow()).offset_seconds).toBe(0);

    const { context } = await next(actor, deviceCode.steps.length - returned.completed);
    expect(context.learner.decision).toBe('approve');
    expect(context.outcome).toBe('done');
  });

  it('going back and polling again too soon gets slow_down, and the TV goes on at the longer interval', async () => {
    const actor = startWalkthrough();
    await next(actor, stepNumber('authorization-pending'));
    for (let i = 0; i < 2; i++) {
      actor.send({ type: 'learner.back' });
      await waitFor(actor, (s) => s.matches('ready'));
    }
    expect(actor.getSnapshot().context.completed).toBe(stepNumber('poll-token') - 1);
    const repolled = await next(actor, 2);
    expect(repolled.context.outcome).toBeNull();
    expect(repolled.context.learner.poll_error).toBe('slow_down');
    expect(repolled.context.learner.interval).toBe(10);
    const { context } = await next(actor, deviceCode.steps.length - stepNumber('authorization-pending'));
    // The server added 5 s twice; the TV followed, and waited 15 s before the poll that got its tokens.
    expect(context.learner.interval).toBe(15);
    expect(JSON.parse(exchanges(context.trace, 'POST', ENDPOINTS.labClock)[0]!.request.body!)).toEqual({ advance_seconds: 15 });
    expect(context.outcome).toBe('done');
  });
});
