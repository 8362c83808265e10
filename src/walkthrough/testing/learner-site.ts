import { createActor, fromPromise, waitFor } from 'xstate';
import { createAuthServer } from '../../authserver';
import type { FlowDefinition } from '../../flows/types';
import type { ExchangeEvent } from '../../trace/events';
import type { WalkthroughEnv } from '../env';
import type { BrowserFramePort } from '../frame';
import { createWalkthroughMachine } from '../machine';
import { createClientRecorder } from '../recorder';
import type { FlowScript, TracedEvent } from '../types';

/**
 * For unit tests of flow scripts: the site as one learner's browser sees it, backed by the real
 * toy authorization server's fetch handler. Like a browser, `fetch` sends the learner cookie unless
 * `credentials: 'omit'`, follows redirects unless `redirect: 'manual'` (and reports where it landed
 * in `response.url`), and the site's own `/lab/*` pages answer 200.
 */
export const origin = 'http://lab.test';

export function learnerSite() {
  const server = createAuthServer();
  const cookie = `osl_learner=test-learner-${Math.random().toString(36).slice(2, 12)}`;
  /** Requests that reached the server, with whether they carried the learner cookie. */
  const seen: { method: string; path: string; withCookie: boolean }[] = [];
  const fetchSite: typeof fetch = async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input), origin).href;
    let request = new Request(url, { ...init, redirect: 'manual' });
    for (let hop = 0; hop < 5; hop++) {
      const headers = new Headers(request.headers);
      if (init.credentials !== 'omit') headers.set('cookie', cookie);
      const path = new URL(url).pathname;
      seen.push({ method: request.method, path, withCookie: init.credentials !== 'omit' });
      const response = path.startsWith('/lab/')
        ? new Response('<!doctype html><title>Lab</title>', { status: 200, headers: { 'content-type': 'text/html' } })
        : await server.handle(new Request(request, { headers }));
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

/** A browser frame that stays blank: these flows never use it. */
export const blankFrame: BrowserFramePort = {
  navigate: async () => 'about:blank',
  currentUrl: () => null,
  documentStatus: () => null,
  submitConsent: async () => {
    throw new Error('this flow has no consent page in the frame');
  },
};

/** Runs a flow's script in the real machine against the learner site. */
export function startWalkthrough(flow: FlowDefinition, makeScript: (env: WalkthroughEnv) => FlowScript) {
  const site = learnerSite();
  const env: WalkthroughEnv = {
    origin,
    fetch: site.fetchSite,
    frame: blankFrame,
    recorder: createClientRecorder(),
    random: (bytes) => crypto.getRandomValues(bytes),
  };
  const machine = createWalkthroughMachine(flow, makeScript(env)).provide({
    actors: { restoreFrame: fromPromise(async ({ input }: { input: { serverSeq: number } }) => ({ serverSeq: input.serverSeq })) },
  });
  const actor = createActor(machine, { input: {} });
  actor.start();
  const settled = () => waitFor(actor, (s) => s.matches('ready') || s.matches('finished'));
  return {
    actor,
    site,
    async next(times = 1) {
      for (let i = 0; i < times; i++) {
        actor.send({ type: 'learner.next' });
        await settled();
      }
      return actor.getSnapshot().context;
    },
    async act(action: string) {
      actor.send({ type: 'learner.act', action });
      await settled();
      return actor.getSnapshot().context;
    },
    async back(times = 1) {
      for (let i = 0; i < times; i++) {
        actor.send({ type: 'learner.back' });
        await settled();
      }
      return actor.getSnapshot().context;
    },
  };
}

export const exchanges = (trace: readonly TracedEvent[], method: string, path: string) =>
  trace.filter(
    (e): e is TracedEvent & ExchangeEvent =>
      e.type === 'exchange' && e.request.method === method && new URL(e.request.url, origin).pathname === path,
  );

export const checkNamed = (trace: readonly TracedEvent[], name: string) =>
  trace.filter((e) => e.type === 'check' && e.name === name);
