import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { createAuthServer } from '../../authserver';
import { authorizationCode } from '../../flows/authorization-code';
import type { ExchangeEvent } from '../../trace/events';
import { restoreFrameActor, type WalkthroughEnv } from '../env';
import type { BrowserFramePort } from '../frame';
import { createWalkthroughMachine } from '../machine';
import { createClientRecorder } from '../recorder';
import type { TracedEvent } from '../types';
import { createAuthorizationCodeScript } from './authorization-code';

/**
 * The Authorization Code effects against the real toy authorization server (its fetch handler),
 * with a scripted stand-in for the browser frame: the walk-through's logic end to end, no browser.
 */

const origin = 'http://lab.test';

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The site as seen by one learner: the server handler, with the learner's cookie on every request. */
function learnerSite() {
  const server = createAuthServer();
  const cookie = `osl_learner=test-learner-${Math.random().toString(36).slice(2, 12)}`;
  const fetchSite: typeof fetch = async (input, init) => {
    const request = new Request(new URL(String(input), origin), init);
    const headers = new Headers(request.headers);
    headers.set('cookie', cookie);
    return server.handle(new Request(request, { headers }));
  };
  return { fetchSite };
}

/**
 * A browser frame that loads server pages through the handler and follows the redirect back to
 * the app without loading it (the app's page is not part of the server). `tamper` rewrites the
 * URL the browser lands on, like an attacker's link would.
 */
function scriptedFrame(fetchSite: typeof fetch, tamper: (url: string) => string = (u) => u): BrowserFramePort {
  let current: string | null = null;
  let html = '';
  async function load(url: string, init?: RequestInit): Promise<string> {
    const response = await fetchSite(url, { ...init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      current = tamper(new URL(location, url).toString());
      html = '';
    } else {
      current = new URL(url, origin).toString();
      html = await response.text();
    }
    return current;
  }
  return {
    navigate: (url) => load(url),
    currentUrl: () => current,
    documentStatus: () => 200,
    async submitConsent(decision, credentials) {
      const form = new URLSearchParams();
      for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
        form.append(decodeEntities(match[1]!), decodeEntities(match[2]!));
      }
      if (decision === 'approve') {
        form.set('username', credentials.username);
        form.set('password', credentials.password);
        for (const scope of html.matchAll(/name="consent_scope" value="([^"]+)" checked/g)) form.append('consent_scope', scope[1]!);
      }
      form.set('decision', decision);
      return load(`${origin}/oauth/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    },
  };
}

function startWalkthrough(options: { tamper?: (url: string) => string } = {}) {
  const { fetchSite } = learnerSite();
  const env: WalkthroughEnv = {
    origin,
    fetch: fetchSite,
    frame: scriptedFrame(fetchSite, options.tamper),
    recorder: createClientRecorder(),
    random: (bytes) => crypto.getRandomValues(bytes),
  };
  const machine = createWalkthroughMachine(authorizationCode, createAuthorizationCodeScript(env)).provide({
    actors: { restoreFrame: restoreFrameActor(env) },
  });
  const actor = createActor(machine, { input: {} });
  actor.start();
  return actor;
}

type Actor = ReturnType<typeof startWalkthrough>;

async function next(actor: Actor, times = 1) {
  for (let i = 0; i < times; i++) {
    actor.send({ type: 'learner.next' });
    await waitFor(actor, (s) => s.matches('ready') || s.matches('finished'));
  }
  return actor.getSnapshot();
}

const exchanges = (trace: readonly TracedEvent[], method: string, path: string) =>
  trace.filter(
    (e): e is TracedEvent & ExchangeEvent =>
      e.type === 'exchange' && e.request.method === method && new URL(e.request.url, origin).pathname === path,
  );
const check = (trace: readonly TracedEvent[], name: string) => trace.find((e) => e.type === 'check' && e.name === name);

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
      redirect_uri: `${origin}/lab/callback`,
      scope: 'profile photos.read',
      state: context.learner.state,
    });
    expect(context.learner.state).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const trace = context.trace;
    expect(exchanges(trace, 'GET', '/oauth/authorize')[0]).toMatchObject({ stepId: 'authorization-request', recordedBy: 'server' });
    const redirect = exchanges(trace, 'POST', '/oauth/authorize')[0]!;
    expect(redirect).toMatchObject({ stepId: 'redirect-with-code', response: { status: 302 } });
    expect(exchanges(trace, 'GET', '/lab/callback')[0]).toMatchObject({ stepId: 'callback', server: 'client', channel: 'front' });

    expect(check(trace, 'state matches')).toMatchObject({
      verdict: 'pass',
      stepId: 'check-state',
      inputs: { expected: context.learner.state, received: context.learner.state },
    });
    expect(check(trace, 'iss matches')).toMatchObject({ verdict: 'pass', inputs: { expected: origin, received: origin } });

    // The token request appears once, as the client app sent it, on the back channel.
    const tokenRequests = exchanges(trace, 'POST', '/oauth/token');
    expect(tokenRequests).toHaveLength(1);
    const tokenRequest = tokenRequests[0]!;
    expect(tokenRequest).toMatchObject({ stepId: 'token-request', recordedBy: 'client', server: 'authserver', channel: 'back' });
    expect(tokenRequest.request.headers.authorization).toBe(`Basic ${btoa('web-app:web-app-secret')}`);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.request.body))).toEqual({
      grant_type: 'authorization_code',
      code: context.learner.code,
      redirect_uri: `${origin}/lab/callback`,
    });
    expect(tokenRequest.response.status).toBe(200);
    expect(JSON.parse(tokenRequest.response.body!)).toMatchObject({ token_type: 'Bearer', access_token: context.learner.access_token });

    // The server's own checks of that request are shown at verify-code.
    const serverChecks = trace.filter((e) => e.stepId === 'verify-code' && e.type === 'check');
    expect(serverChecks.length).toBeGreaterThan(0);
    expect(serverChecks.every((e) => e.type === 'check' && e.actor === 'authserver' && e.verdict === 'pass')).toBe(true);

    expect(check(trace, 'token response usable')).toMatchObject({ verdict: 'pass', stepId: 'token-response' });
    const api = exchanges(trace, 'GET', '/api/me');
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
    const redirect = exchanges(context.trace, 'POST', '/oauth/authorize')[0]!;
    expect(redirect.response.headers.location).toContain('error=access_denied');
    expect(exchanges(context.trace, 'POST', '/oauth/token')).toHaveLength(0);
  });

  it('going back and redeeming the same code again is refused with invalid_grant', async () => {
    const actor = startWalkthrough();
    await next(actor, 8);
    actor.send({ type: 'learner.back' });
    await waitFor(actor, (s) => s.matches('ready'));
    const { context } = await next(actor);
    expect(context.outcome).toBe('error');
    expect(context.message).toContain('invalid_grant');
    const retried = exchanges(context.trace, 'POST', '/oauth/token');
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
    expect(exchanges(context.trace, 'POST', '/oauth/token')).toHaveLength(0);
  });
});
