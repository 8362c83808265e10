import { ATTACKER_PAGES, CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { REDIRECT_PAGE_REFERRER_POLICY } from '../../components/redirect-params';
import { implicitTokenLeak } from '../../flows/attacks/implicit-token-leak';
import {
  authorizationErrorMessage,
  authorizationRequestStep,
  authorizationResponseOf,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  createVerifierStep,
  isRedirectTo,
  publicTokenRequest,
  userDecidesStep,
  type AuthorizationParameter,
} from '../browser-flow';
import { demoClient } from '../demo';
import { frameDocumentExchange, pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { recordCheck } from '../recorder';
import type { StepInput } from '../types';
import { byAttacker, defineAttackWalkthrough } from './define';
import { credentialsInUrl, withoutFragment } from './url-credentials';
import { attackerApiRequestStep, attackerApiResponseStep, attackerTokenAnswer, serverDefenceStep } from './victim-and-attacker';

/**
 * The implicit token leak against `photo-widget`, whose callback page loads the attacker's script.
 * Defence off: the app uses the implicit grant, the script reads the token from the fragment and the
 * attacker calls the API with it. Defence on: the app uses code with PKCE, the script reads only the
 * code, and the token endpoint refuses it without the verifier. The defence is the app's choice of
 * grant, so no lab switch is involved: the server's checks are its defaults.
 * @see RFC 9700 §2.1.2, §4.2, §4.3; RFC 7636 §4.6
 */

const widget = { client_id: demoClient('photo-widget').client_id, scope: 'profile photos.read', redirect_path: CLIENT_PAGES.widgetCallback } as const;

/** How long the script on a loaded page may take to report. */
const REPORT_TIMEOUT_MS = 5_000;

export const implicitTokenLeakWalkthrough = defineAttackWalkthrough(implicitTokenLeak, (env, lab) => {
  const redirectUri = `${env.origin}${widget.redirect_path}`;
  const isAnswer = isRedirectTo(redirectUri);
  const verifier = createVerifierStep(env, 'RFC 9700 §2.1.1');
  const implicit = () => lab.defence() === 'off';
  /** The frame's address now: the page, query and fragment included. */
  const address = (input: StepInput) => env.frame.currentUrl() ?? input.frameUrl ?? '';
  const scriptUrl = `${lab.attacker.root}${ATTACKER_PAGES.script}`;

  /** The report of the attacker's script from the page the frame shows (null: it did not run). */
  const scriptReport = async (input: StepInput) => (await lab.leaks?.reportFrom(address(input), REPORT_TIMEOUT_MS)) ?? null;
  const noScript = {
    outcome: 'error',
    message: 'The attacker’s script did not run on the page: this copy of the site has no attacker’s origin (the Node server on localhost has one, on 127.0.0.1).',
  } as const;

  return {
    // The defence is the app's grant: the implicit one, or code bound to a fresh PKCE verifier. @see RFC 9700 §2.1.1, §2.1.2
    'client-builds-request': {
      async run(input) {
        const state = randomToken(16, env.random);
        const common: Record<string, AuthorizationParameter> = {
          client_id: { value: widget.client_id, why: 'A public browser app: no secret. RFC 6749 §2.1' },
          redirect_uri: { value: redirectUri, why: 'Its callback page, which also loads a script from another origin. RFC 9700 §4.2.4' },
          scope: { value: widget.scope, why: 'What the app asks to do. RFC 6749 §3.3' },
          state: { value: state, why: 'Random; expected back unchanged (CSRF protection). RFC 6749 §10.12' },
        };
        const endpoint = `${env.origin}${ENDPOINTS.authorize}`;
        if (implicit()) {
          const parameters = { response_type: { value: 'token', why: 'The implicit grant: the access token itself comes back in the redirect. RFC 6749 §4.2.1' }, ...common };
          const url = buildAuthorizationUrl(endpoint, parameters);
          return {
            learner: { state, authorization_url: url, redirect_uri: redirectUri },
            events: [authorizationUrlBuilt(env, url, parameters, { detail: 'No code, no verifier: whatever comes back in the URL is the token itself.', rfc: 'RFC 9700 §2.1.2' })],
          };
        }
        const made = await verifier.run(input);
        const parameters = {
          response_type: { value: 'code', why: 'Ask for a code, redeemed later at the token endpoint. RFC 6749 §4.1.1' },
          ...common,
          code_challenge: { value: made.learner?.code_challenge ?? '', why: 'S256 hash of the verifier only this app holds. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'How the server checks the verifier later. RFC 7636 §4.3' },
        };
        const url = buildAuthorizationUrl(endpoint, parameters);
        return {
          learner: { ...made.learner, state, authorization_url: url, redirect_uri: redirectUri },
          events: [
            ...(made.events ?? []),
            authorizationUrlBuilt(env, url, parameters, { detail: 'A code, bound to a verifier that never leaves the app: what comes back in the URL is no token.', rfc: 'RFC 9700 §2.1.1' }),
          ],
        };
      },
    },

    'authorization-request': authorizationRequestStep(env, isAnswer),
    'user-decides': userDecidesStep(env, isAnswer),

    // The server's answer to the consent form, and where it put the token or code.
    'redirect-to-callback': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const url = address(input);
        const received = authorizationResponseOf(url);
        const result = { events: pulled.events, serverSeq: pulled.serverSeq };
        if (received.error) {
          return { ...result, outcome: received.error === 'access_denied' ? ('denied' as const) : ('error' as const), message: authorizationErrorMessage(received) };
        }
        const found = credentialsInUrl(url);
        const where = implicit()
          ? recordCheck(env.recorder, 'access_token in the URL fragment', { address_bar: url, access_token: found.access_token ?? '(missing)' }, Boolean(found.access_token), {
              detail: 'After the #: no server receives it, but the address now holds a working token.',
              rfc: 'RFC 6749 §4.2.2',
            })
          : recordCheck(env.recorder, 'code in the URL query', { address_bar: url, code: found.code ?? '(missing)' }, Boolean(found.code), {
              detail: 'The query holds a code, not a token: short-lived, single use, and bound to the PKCE challenge.',
              rfc: 'RFC 6749 §4.1.2',
            });
        return { ...result, events: [...result.events, where] };
      },
    },

    // What the browser requested: the fragment is never part of an HTTP request. @see RFC 9110 §7.1
    'load-callback': {
      async run(input) {
        return { events: [frameDocumentExchange(env, withoutFragment(address(input)))] };
      },
    },

    'url-in-history': {
      async run(input) {
        const url = address(input);
        const found = credentialsInUrl(url);
        const what = found.access_token ? 'token' : 'code';
        return {
          events: [
            recordCheck(env.recorder, `${what} kept out of the browser history`, { history_entry: url, ...found }, false, {
              detail: found.access_token
                ? 'Lesson: this address, with a live access token in it, is the page’s entry in the browser history. Whoever uses this browser later (or a synced device) can copy it.'
                : 'The code is in the history entry too, but it is single use, expires in a minute and is worthless without the PKCE verifier.',
              rfc: found.access_token ? 'RFC 9700 §4.3.2' : 'RFC 9700 §4.3.1',
            }),
          ],
        };
      },
    },

    // The script's own request: what its Referer carried, as the attacker's server received it. @see RFC 9700 §4.2.1
    'load-script': {
      async run(input) {
        const report = await scriptReport(input);
        if (!report) return noScript;
        const inReferer = credentialsInUrl(report.referer);
        const leaked = Boolean(inReferer.access_token ?? inReferer.code);
        const received = recordCheck(
          env.recorder,
          'code or token in the Referer',
          { request: `GET ${scriptUrl}`, Referer: report.referer || '(none)', 'Referrer-Policy of the page': REDIRECT_PAGE_REFERRER_POLICY.widget, ...inReferer },
          leaked,
          {
            detail: leaked
              ? 'The page’s policy sends its full address to every origin: the code in its query reached the attacker’s server. A Referrer-Policy of no-referrer would have sent nothing.'
              : 'The Referer carries the page’s address without its fragment: a browser never sends the fragment, so the token did not travel here.',
            rfc: leaked ? 'RFC 9700 §4.2.1' : 'RFC 9110 §10.1.3',
          },
        );
        return { events: byAttacker(lab, [received]), learner: { leaked_referer: report.referer } };
      },
    },

    // The script reads the page's address, fragment included, and hands it to the attacker.
    'script-sends-url': {
      async run(input) {
        const report = await scriptReport(input);
        if (!report) return noScript;
        const stolen = credentialsInUrl(report.href);
        const got = Boolean(stolen.access_token ?? stolen.code);
        const read = recordCheck(env.recorder, 'page address read by the third-party script', { 'location.href': report.href, ...stolen }, got, {
          detail: stolen.access_token
            ? 'A script the page includes runs with the page’s rights: it read the access token from location.hash.'
            : 'The script read the address as well, but all it holds is the code.',
          rfc: 'RFC 9700 §4.2.4',
        });
        const events = byAttacker(lab, [read]);
        if (!got) return { events, outcome: 'error', message: 'The page’s address held neither a token nor a code.' };
        return {
          events,
          learner: { leaked_url: report.href, ...(stolen.access_token ? { attacker_access_token: stolen.access_token } : { attacker_code: stolen.code ?? '' }) },
        };
      },
    },

    // Only a code needs redeeming, and the attacker has no verifier to send with it. @see RFC 6749 §4.1.3
    'attacker-token-request': {
      async run(input) {
        if (!input.learner.attacker_code) {
          return { message: 'Nothing to redeem in this run: the implicit grant put the access token itself in the URL, so the attacker skips the token endpoint.' };
        }
        const { response, body, event } = await publicTokenRequest(env, { client_id: widget.client_id, code: input.learner.attacker_code, redirect_uri: redirectUri });
        return { events: byAttacker(lab, [event]), learner: attackerTokenAnswer(response, body) };
      },
    },

    // The defence, at the token endpoint: the PKCE verifier the stolen code was bound to.
    'verify-pkce': {
      async run(input) {
        if (!input.learner.attacker_code) {
          return { message: 'No check in this run: with the implicit grant no code reaches the token endpoint, so no verifier is ever asked for (RFC 9700 §2.1.2).' };
        }
        return serverDefenceStep(env, implicitTokenLeak, (refusal) => `the stolen code is worthless without its code_verifier (${refusal}).`).run(input);
      },
    },

    'attacker-api-request': attackerApiRequestStep(env, lab),
    'attacker-api-response': attackerApiResponseStep(env, implicitTokenLeak, 'with an access token a third-party script read from the URL fragment'),
  };
});
