import { createActor, waitFor } from 'xstate';
import { createAuthServer } from '../../authserver';
import type { ExchangeEvent } from '../../trace/events';
import { ENDPOINTS } from '../../authserver/paths';
import { stepEffects, type Walkthrough } from '../define';
import { restoreMomentActor, type WalkthroughEnv } from '../env';
import type { BrowserFramePort } from '../frame';
import { consentFormBody, readHtmlForm } from '../html-form';
import { runStepActor, walkthroughInput, walkthroughMachine } from '../machine';
import { createClientRecorder } from '../recorder';
import type { TracedEvent } from '../types';

/**
 * For unit tests of flow scripts: the real toy authorization server (its fetch handler) as one
 * learner sees it, and a scripted stand-in for the browser frame, so a walk-through's logic runs
 * end to end without a browser.
 */

export const TEST_ORIGIN = 'http://lab.test';

function decodeEntities(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The site as seen by one learner's browser: the server handler, with the learner's cookie on every
 * request unless `credentials: 'omit'`. Like `fetch`, it follows redirects unless `redirect: 'manual'`
 * and reports where it landed in `response.url`; the site's own `/lab/*` pages answer 200.
 */
export function learnerSite(origin = TEST_ORIGIN) {
  const server = createAuthServer();
  // Like a browser's cookie jar for the learner id: the server issues it on the first lab request.
  let cookie: string | undefined;
  const learnerCookie = async () =>
    (cookie ??= (await server.handle(new Request(new URL(ENDPOINTS.labTrace, origin)))).headers.get('set-cookie')?.split(';')[0] ?? '');
  /** Every request that reached the site, and whether it carried the learner cookie. */
  const seen: { method: string; path: string; withCookie: boolean }[] = [];
  const fetchSite: typeof fetch = async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input), origin).href;
    let request = new Request(url, { ...init, redirect: 'manual' });
    const withCookie = init.credentials !== 'omit';
    for (let hop = 0; hop < 5; hop++) {
      const headers = new Headers(request.headers);
      if (withCookie) headers.set('cookie', await learnerCookie());
      const path = new URL(url).pathname;
      seen.push({ method: request.method, path, withCookie });
      const response = path.startsWith('/lab/')
        ? new Response('<!doctype html><title>Lab</title>', { status: 200, headers: { 'content-type': 'text/html' } })
        : await server.handle(new Request(request, { headers }));
      const issued = response.headers.get('set-cookie');
      if (withCookie && issued) cookie = issued.split(';')[0];
      const location = response.headers.get('location');
      if (init.redirect !== 'manual' && response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href;
        request = new Request(url);
        continue;
      }
      Object.defineProperty(response, 'url', { value: url });
      return response;
    }
    throw new Error('too many redirects');
  };
  return { fetchSite, seen };
}

/**
 * A browser frame that loads server pages through the handler and follows the redirect back to
 * the app without loading it (the app's page is not part of the server). `tamper` rewrites the
 * URL the browser lands on, like an attacker's link would.
 */
export function scriptedFrame(fetchSite: typeof fetch, tamper: (url: string) => string = (u) => u, origin = TEST_ORIGIN): BrowserFramePort {
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
      return load(`${origin}${ENDPOINTS.authorize}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    },
  };
}

/**
 * A browser frame that submits whatever form the page shows, as a browser would (its fields, the
 * credentials typed in, the pressed button), and remembers each page's status: for pages that are
 * answered in place, such as the device flow's verification page.
 */
export function formFrame(fetchSite: typeof fetch, origin = TEST_ORIGIN): BrowserFramePort {
  let current: string | null = null;
  let html = '';
  let status: number | null = null;
  async function load(url: string, init?: RequestInit): Promise<string> {
    const response = await fetchSite(url, init);
    current = new URL(url, origin).toString();
    status = response.status;
    html = await response.text();
    return current;
  }
  return {
    navigate: (url) => load(url),
    currentUrl: () => current,
    documentStatus: () => status,
    async submitConsent(decision, credentials) {
      const form = readHtmlForm(html);
      if (!form) throw new Error('There is no form on the page.');
      return load(new URL(form.action, current ?? origin).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: consentFormBody(form, credentials, decision).toString(),
      });
    },
  };
}

/** Starts a flow's walk-through against a fresh server, as one learner. */
export function startWalkthroughOf(
  walkthrough: Walkthrough,
  options: {
    tamper?: (url: string) => string;
    origin?: string;
    /** The browser frame to use (default: `scriptedFrame`). */
    frame?: (fetchSite: typeof fetch, origin: string) => BrowserFramePort;
    /** The learner site to run against (pass one to inspect it afterwards). */
    site?: ReturnType<typeof learnerSite>;
  } = {},
) {
  const origin = options.origin ?? TEST_ORIGIN;
  const { fetchSite } = options.site ?? learnerSite(origin);
  const env: WalkthroughEnv = {
    origin,
    fetch: fetchSite,
    frame: options.frame ? options.frame(fetchSite, origin) : scriptedFrame(fetchSite, options.tamper, origin),
    recorder: createClientRecorder(),
    random: (bytes) => crypto.getRandomValues(bytes),
  };
  const effects = stepEffects(walkthrough, env);
  const machine = walkthroughMachine.provide({
    actors: { runStep: runStepActor(effects), restoreMoment: restoreMomentActor(env) },
  });
  const actor = createActor(machine, { input: walkthroughInput(walkthrough.flow.steps, effects) });
  actor.start();
  return actor;
}

export type WalkthroughActor = ReturnType<typeof startWalkthroughOf>;

const settled = (actor: WalkthroughActor) => waitFor(actor, (s) => s.matches('ready') || s.matches('finished'));

/** Presses Next `times` times, waiting for each step. */
export async function next(actor: WalkthroughActor, times = 1) {
  for (let i = 0; i < times; i++) {
    actor.send({ type: 'learner.next' });
    await settled(actor);
  }
  return actor.getSnapshot();
}

/** Presses Previous step `times` times, waiting for each restore. */
export async function back(actor: WalkthroughActor, times = 1) {
  for (let i = 0; i < times; i++) {
    actor.send({ type: 'learner.back' });
    await settled(actor);
  }
  return actor.getSnapshot();
}

/** A browser frame that stays blank, for flows that never use it. */
export const blankFrame = (): BrowserFramePort => ({
  navigate: async () => 'about:blank',
  currentUrl: () => null,
  documentStatus: () => null,
  submitConsent: async () => {
    throw new Error('this flow has no consent page in the frame');
  },
});

/** Runs the next step by one of the learner actions it offers. */
export async function act(actor: WalkthroughActor, action: string) {
  actor.send({ type: 'learner.act', action });
  await settled(actor);
  return actor.getSnapshot();
}

export const exchanges = (trace: readonly TracedEvent[], method: string, path: string) =>
  trace.filter(
    (e): e is TracedEvent & ExchangeEvent =>
      e.type === 'exchange' && e.request.method === method && new URL(e.request.url, TEST_ORIGIN).pathname === path,
  );

export const check = (trace: readonly TracedEvent[], name: string) => trace.find((e) => e.type === 'check' && e.name === name);
