import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { par } from '../../flows/par';
import {
  apiRequestStep,
  apiResponseStep,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  codeVerifierOf,
  confidentialTokenRequestStep,
  redirectRoundTrip,
  tokenAnswer,
  tokenResponseCheck,
} from '../browser-flow';
import { authenticatedPost, describeOAuthError, parseJsonObject } from '../client-requests';
import { defineWalkthrough } from '../define';
import { clientCredentials } from '../demo';
import { pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck } from '../recorder';

/**
 * Pushed Authorization Requests, played for real: the page plays the confidential web app `par-app`,
 * which must push its requests. It POSTs the request to the PAR endpoint, sends the browser with only
 * client_id and request_uri, and at the end opens the same request_uri again to see it refused.
 * @see RFC 9126
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const parApp = {
  ...clientCredentials('par-app'),
  redirect_path: CLIENT_PAGES.callback,
  scope: 'profile photos.read',
} as const;

/** Every request_uri is a URN under this prefix. @see RFC 9126 §2.2 */
const REQUEST_URI_URN = 'urn:ietf:params:oauth:request_uri:';

/** What the app records: its pushed request and the request_uri, the authorization response, the tokens, the API's answer and the second use of the request_uri. */
const fields = [
  'state', 'code_verifier', 'code_challenge', 'redirect_uri', 'request_uri', 'request_uri_expires_in', 'authorization_url', 'error',
  'error_description', 'decision', 'code', 'returned_state', 'iss', 'access_token', 'token_type', 'expires_in',
  'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text', 'api_status', 'api_response', 'reused_request_uri_status',
  'reused_request_uri_error',
] as const;

export const parWalkthrough = defineWalkthrough(par, fields, (env) => {
  const redirectUri = `${env.origin}${parApp.redirect_path}`;

  return {
    'push-request': {
      async run(input) {
        const state = randomToken(16, env.random);
        const pkce = await s256CodeChallenge(createCodeVerifier(env.random));
        /** The parameters of an authorization request, sent in a POST body. @see RFC 9126 §2.1 */
        const { response, body, event } = await authenticatedPost(env, ENDPOINTS.par, parApp, {
          response_type: 'code',
          client_id: parApp.client_id,
          redirect_uri: redirectUri,
          scope: parApp.scope,
          state,
          code_challenge: pkce.code_challenge,
          code_challenge_method: pkce.code_challenge_method,
        });
        const learner = { state, code_verifier: pkce.code_verifier, code_challenge: pkce.code_challenge, redirect_uri: redirectUri };
        const answer = parseJsonObject(body) ?? {};
        if (response.status !== 201 || typeof answer.request_uri !== 'string') {
          const pulled = await pullNewServerEvents(env, input, [event]);
          return {
            events: [event, ...pulled.events],
            serverSeq: pulled.serverSeq,
            learner,
            outcome: 'error',
            message: `The PAR endpoint refused the request: ${describeOAuthError(body, response.status)} (RFC 9126 §2.3).`,
          };
        }
        return {
          events: [event],
          learner: {
            ...learner,
            request_uri: answer.request_uri,
            ...(typeof answer.expires_in === 'number' ? { request_uri_expires_in: answer.expires_in } : {}),
          },
        };
      },
    },

    'push-response': {
      async run(input) {
        const requestUri = input.learner.request_uri ?? '';
        const expiresIn = input.learner.request_uri_expires_in;
        const usable = requestUri.startsWith(REQUEST_URI_URN) && expiresIn !== undefined && expiresIn > 0;
        return {
          events: [
            recordCheck(env.recorder, 'request_uri received', { request_uri: requestUri || '(missing)', expires_in: expiresIn ?? '(missing)' }, usable, {
              detail: usable
                ? `201 Created: the server keeps the request for ${expiresIn} seconds under this reference, for one use.`
                : 'The answer has no request_uri the app can use.',
              rfc: 'RFC 9126 §2.2',
            }),
          ],
        };
      },
    },

    'redirect-to-authorize': {
      async run(input) {
        /** Only client_id and request_uri: the pushed request stays on the server. @see RFC 9126 §4 */
        const parameters = {
          client_id: { value: parApp.client_id, why: 'Must be the client that pushed the request. RFC 9126 §4' },
          request_uri: { value: input.learner.request_uri ?? '', why: 'The reference to the pushed request; nothing else travels. RFC 9126 §4' },
        };
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { authorization_url: authorizationUrl },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: 'No redirect_uri, scope, state or code_challenge in the URL: the browser sees only a reference.',
              rfc: 'RFC 9126 §4',
            }),
          ],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': confidentialTokenRequestStep(env, parApp, redirectUri, { extra: codeVerifierOf, keep: tokenAnswer }),

    'token-response': {
      async run(input) {
        return { events: [tokenResponseCheck(env, input.learner)] };
      },
    },

    'api-request': apiRequestStep(env, ENDPOINTS.apiMe),

    'api-response': apiResponseStep(env, (profile) => {
      const name = typeof profile.name === 'string' ? profile.name : 'the user';
      return `The app read ${name}’s profile; the browser never carried the request itself. Next: what if someone opens the same request_uri again?`;
    }),

    'reuse-request-uri': {
      async run(input) {
        const landed = await env.frame.navigate(input.learner.authorization_url ?? '');
        const status = env.frame.documentStatus() ?? 0;
        const pulled = await pullNewServerEvents(env, input);
        const refused = pulled.events.some((event) => event.type === 'check' && event.name === 'request_uri valid' && event.verdict === 'fail');
        const learner = { reused_request_uri_status: status, reused_request_uri_error: refused ? 'invalid_request_uri' : '' };
        const result = { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq, learner };
        if (!refused) {
          return { ...result, outcome: 'error' as const, message: 'The server accepted the request_uri a second time: it should be single use (RFC 9126 §4).' };
        }
        return {
          ...result,
          message: `Done: the second use of the request_uri was refused with invalid_request_uri (HTTP ${status}) on an error page, so a leaked PAR URL is worth nothing.`,
        };
      },
    },
  };
});
