import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { AS_MODERN_CLIENT, implicit } from '../../flows/implicit';
import { defineWalkthrough } from '../define';
import { demoClient } from '../demo';
import {
  apiRequestStep,
  apiResponseStep,
  authorizationErrorMessage,
  authorizationRequestStep,
  authorizationResponseOf,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  isRedirectTo,
  userDecidesStep,
} from '../browser-flow';
import { stateMatches } from '../client-checks';
import { frameDocumentExchange, pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { recordCheck } from '../recorder';

/**
 * The legacy Implicit grant, played for real only to show why it is gone: the page plays the
 * client `legacy-implicit`, registered for `response_type=token` for this lesson. The token comes
 * back in the URL fragment, where the address bar, the history and every script on the page see it.
 * @see RFC 6749 §4.2; RFC 9700 §2.1.2 (SHOULD NOT be used)
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const legacyImplicit = {
  client_id: demoClient('legacy-implicit').client_id,
  redirect_path: CLIENT_PAGES.callback,
  scope: 'profile',
} as const;

/** The fragment's parameters of a URL. */
function fragmentOf(url: string): URLSearchParams {
  return new URLSearchParams(new URL(url).hash.slice(1));
}

function withoutFragment(url: string): string {
  return url.split('#')[0]!;
}

/** What the app records: its request, the token read from the fragment and the API's answer. */
const fields = [
  'state', 'authorization_url', 'client_id', 'error', 'decision', 'returned_state',
  'access_token', 'token_type', 'expires_in', 'api_status', 'api_response',
] as const;

export const implicitWalkthrough = defineWalkthrough(implicit, fields, (env) => {
  const redirectUri = `${env.origin}${legacyImplicit.redirect_path}`;
  const isAnswer = isRedirectTo(redirectUri);
  /** The frame's address now (the walk-through reads it like any script of the app's origin could). */
  const frameAddress = (fallback: string | null) => env.frame.currentUrl() ?? fallback ?? '';

  return {
    'redirect-to-authorize': {
      async run(input) {
        const state = randomToken(16, env.random);
        const modern = input.action === AS_MODERN_CLIENT.id;
        const client_id = modern ? 'spa' : legacyImplicit.client_id;
        /** @see RFC 6749 §4.2.1 */
        const parameters = {
          response_type: { value: 'token', why: 'Ask for the access token itself, straight in the redirect: the implicit grant. RFC 6749 §4.2.1' },
          client_id: {
            value: client_id,
            why: modern
              ? 'Teaching variant: spa is registered for response_type=code only. RFC 6749 §4.2.2.1'
              : 'A legacy demo client registered for the implicit grant, kept for this lesson. RFC 9700 §2.1.2',
          },
          redirect_uri: { value: redirectUri, why: 'Where the token will be delivered, in the fragment. RFC 6749 §3.1.2' },
          scope: { value: legacyImplicit.scope, why: 'What the app asks to do. RFC 6749 §3.3' },
          state: { value: state, why: 'Random; expected back unchanged (CSRF protection). RFC 6749 §10.12' },
        };
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { state, authorization_url: authorizationUrl, client_id },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: modern
                ? 'A modern client asks for response_type=token. The server allows the implicit grant only to the legacy client registered for it.'
                : 'No code_challenge, no code exchange to come: whatever comes back is the token itself.',
              rfc: 'RFC 6749 §4.2.1',
            }),
          ],
        };
      },
    },

    'authorization-request': authorizationRequestStep(env, isAnswer),
    'user-decides': userDecidesStep(env, isAnswer),

    'issue-token-unauthenticated': {
      async run(input) {
        // The server's answer to the consent form: the 302 carrying the token, and its checks.
        const pulled = await pullNewServerEvents(env, input);
        const received = authorizationResponseOf(frameAddress(input.frameUrl));
        if (received.error) {
          return {
            events: pulled.events,
            serverSeq: pulled.serverSeq,
            outcome: received.error === 'access_denied' ? 'denied' : 'error',
            message: authorizationErrorMessage(received),
          };
        }
        return { events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    'redirect-with-token': {
      async run(input) {
        const address = frameAddress(input.frameUrl);
        const fragment = fragmentOf(address);
        const inFragment = fragment.has('access_token') && !new URL(address).searchParams.has('access_token');
        return {
          events: [
            recordCheck(
              env.recorder,
              'access_token in the URL fragment',
              {
                address_bar: address,
                access_token: fragment.get('access_token') ?? '(missing)',
                token_type: fragment.get('token_type') ?? '(missing)',
                expires_in: fragment.get('expires_in') ?? '(missing)',
                state: fragment.get('state') ?? '(missing)',
              },
              inFragment,
              {
                detail: inFragment
                  ? 'The server put the token after the #: the browser will not send it to the app’s server, but it is now part of the page’s address.'
                  : 'There is no access_token in the fragment.',
                rfc: 'RFC 6749 §4.2.2',
              },
            ),
          ],
        };
      },
    },

    'load-callback': {
      async run(input) {
        // What the browser requested: the fragment is never part of an HTTP request. @see RFC 9110 §7.1
        return { events: [frameDocumentExchange(env, withoutFragment(frameAddress(input.frameUrl)))] };
      },
    },

    'token-in-history': {
      async run(input) {
        const address = frameAddress(input.frameUrl);
        return {
          events: [
            recordCheck(
              env.recorder,
              'token kept out of the browser history',
              { history_entry: address, access_token: fragmentOf(address).get('access_token') ?? '(missing)' },
              false,
              {
                detail:
                  'Lesson: the full address, token included, is now a history entry (and may sync to other devices). Anyone who opens this browser later can copy a live token.',
                rfc: 'RFC 6819 §4.4.2.2',
              },
            ),
          ],
        };
      },
    },

    'read-fragment': {
      async run(input) {
        const address = frameAddress(input.frameUrl);
        const hash = new URL(address).hash;
        const fragment = fragmentOf(address);
        const accessToken = fragment.get('access_token') ?? '';
        const expiresIn = fragment.get('expires_in');
        const learner = {
          access_token: accessToken,
          token_type: fragment.get('token_type') ?? '',
          // A fragment carries text: expires_in is kept only when it is a number of seconds. @see RFC 6749 §4.2.2
          ...(expiresIn !== null && /^\d+$/.test(expiresIn) ? { expires_in: Number(expiresIn) } : {}),
          returned_state: fragment.get('state') ?? '',
        };
        const state = stateMatches(env, input.learner.state ?? '', learner.returned_state);
        const readable = recordCheck(
          env.recorder,
          'token readable by page scripts',
          { 'location.hash': hash, access_token: accessToken },
          false,
          {
            detail:
              'Lesson: the walk-through, a script outside the app, just read the token from the frame’s location.hash. Any script on the page (an ad, an analytics tag, an injected one) can do the same.',
            rfc: 'RFC 9700 §2.1.2',
          },
        );
        if (!state.passed) {
          return { events: [readable, state.event], learner, outcome: 'error', message: 'state does not match: the app must not use this token (RFC 6749 §10.12).' };
        }
        return { events: [readable, state.event], learner };
      },
    },

    'api-request': apiRequestStep(env, ENDPOINTS.apiMe),

    'api-response': apiResponseStep(env, (body) => {
      const name = typeof body.name === 'string' ? body.name : 'the user';
      return `It worked: the app read ${name}’s profile. So could anyone who copied the token from the address bar, the history or a script. Use Authorization Code with PKCE instead.`;
    }),
  };
});
