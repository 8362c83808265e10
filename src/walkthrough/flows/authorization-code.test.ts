import { basicAuthorization } from '../env';
import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { authorizationCode } from '../../flows/authorization-code';
import { authorizationCodeWalkthrough, webApp } from './authorization-code';
import { check, exchanges, next, startWalkthroughOf, TEST_ORIGIN } from './test-site';

/**
 * The Authorization Code effects against the real toy authorization server (its fetch handler),
 * with a scripted stand-in for the browser frame: the walk-through's logic end to end, no browser.
 */

const origin = TEST_ORIGIN;

function startWalkthrough(options: { tamper?: (url: string) => string } = {}) {
  return startWalkthroughOf(authorizationCodeWalkthrough, options);
}

describe('Authorization Code walk-through against the toy server', () => {
  it('approve path: builds the URL, gets a code, checks state, redeems it once and calls the API', async () => {
    const actor = startWalkthrough();
    const { context } = await next(actor, authorizationCode.steps.length);
    expect(context.outcome).toBe('done');
    expect(context.message).toContain('Alice Liddell');

    const authorizationUrl = new URL(context.learner.authorization_url!);
    expect(Object.fromEntries(authorizationUrl.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: `${origin}${CLIENT_PAGES.callback}`,
      scope: 'profile photos.read',
      state: context.learner.state,
    });
    expect(context.learner.state).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const trace = context.trace;
    expect(exchanges(trace, 'GET', ENDPOINTS.authorize)[0]).toMatchObject({ stepId: 'authorization-request', recordedBy: 'server' });
    const redirect = exchanges(trace, 'POST', ENDPOINTS.authorize)[0]!;
    expect(redirect).toMatchObject({ stepId: 'redirect-with-code', response: { status: 302 } });
    expect(exchanges(trace, 'GET', CLIENT_PAGES.callback)[0]).toMatchObject({ stepId: 'callback', server: 'client', channel: 'front' });

    expect(check(trace, 'state matches')).toMatchObject({
      verdict: 'pass',
      stepId: 'check-state',
      inputs: { expected: context.learner.state, received: context.learner.state },
    });
    expect(check(trace, 'iss matches')).toMatchObject({ verdict: 'pass', inputs: { expected: origin, received: origin } });

    // The token request appears once, as the client app sent it, on the back channel.
    const tokenRequests = exchanges(trace, 'POST', ENDPOINTS.token);
    expect(tokenRequests).toHaveLength(1);
    const tokenRequest = tokenRequests[0]!;
    expect(tokenRequest).toMatchObject({ stepId: 'token-request', recordedBy: 'client', server: 'authserver', channel: 'back' });
    expect(tokenRequest.request.headers.authorization).toBe(basicAuthorization(webApp.client_id, webApp.client_secret));
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.request.body))).toEqual({
      grant_type: 'authorization_code',
      code: context.learner.code,
      redirect_uri: `${origin}${CLIENT_PAGES.callback}`,
    });
    expect(tokenRequest.response.status).toBe(200);
    expect(JSON.parse(tokenRequest.response.body!)).toMatchObject({ token_type: 'Bearer', access_token: context.learner.access_token });

    // The server's own checks of that request are shown at verify-code.
    const serverChecks = trace.filter((e) => e.stepId === 'verify-code' && e.type === 'check');
    expect(serverChecks.length).toBeGreaterThan(0);
    expect(serverChecks.every((e) => e.type === 'check' && e.actor === 'authserver' && e.verdict === 'pass')).toBe(true);

    expect(check(trace, 'token response usable')).toMatchObject({ verdict: 'pass', stepId: 'token-response' });
    const api = exchanges(trace, 'GET', ENDPOINTS.apiMe);
    expect(api).toHaveLength(1);
    expect(api[0]).toMatchObject({ recordedBy: 'client', server: 'resource', response: { status: 200 } });
    expect(api[0]!.request.headers.authorization).toBe(`Bearer ${context.learner.access_token}`);
    expect(api[0]!.response.body).toContain('Alice Liddell');
  });

  it('deny path: the redirect carries error=access_denied and the run ends as denied at the callback', async () => {
    const actor = startWalkthrough();
    await next(actor, 3);
    actor.send({ type: 'learner.decide', decision: 'deny' });
    await waitFor(actor, (s) => s.matches('ready'));
    const { context } = await next(actor, 2);
    expect(context.outcome).toBe('denied');
    expect(context.completed).toBe(6);
    expect(context.message).toContain('error=access_denied');
    expect(context.learner.error).toBe('access_denied');
    const redirect = exchanges(context.trace, 'POST', ENDPOINTS.authorize)[0]!;
    expect(redirect.response.headers.location).toContain('error=access_denied');
    expect(exchanges(context.trace, 'POST', ENDPOINTS.token)).toHaveLength(0);
  });

  it('going back and redeeming the same code again is refused with invalid_grant', async () => {
    const actor = startWalkthrough();
    await next(actor, 8);
    actor.send({ type: 'learner.back' });
    await waitFor(actor, (s) => s.matches('ready'));
    const { context } = await next(actor);
    expect(context.outcome).toBe('error');
    expect(context.message).toContain('invalid_grant');
    const retried = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.response.status).toBe(400);
    expect(context.trace.some((e) => e.type === 'check' && e.verdict === 'fail' && e.stepId === 'token-request')).toBe(true);
  });

  it('a forged state in the redirect fails the state check and the code is never redeemed', async () => {
    const actor = startWalkthrough({
      tamper: (url) => {
        const forged = new URL(url);
        if (forged.searchParams.has('state')) forged.searchParams.set('state', 'attacker-chosen');
        return forged.toString();
      },
    });
    const { context } = await next(actor, 7);
    expect(context.outcome).toBe('error');
    expect(context.message).toContain('CSRF');
    expect(check(context.trace, 'state matches')).toMatchObject({
      verdict: 'fail',
      inputs: { expected: context.learner.state, received: 'attacker-chosen' },
    });
    expect(exchanges(context.trace, 'POST', ENDPOINTS.token)).toHaveLength(0);
  });
});
