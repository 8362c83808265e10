import { decodeJwt } from 'jose';
import {
  apiRequestStep,
  apiResponseStep,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  confidentialTokenRequestStep,
  redirectRoundTrip,
} from '../browser-flow';
import { ENDPOINTS, CLIENT_PAGES } from '../../authserver/paths';
import { authorizationCode } from '../../flows/authorization-code';
import { tokenResponseFields } from '../client-requests';
import { defineWalkthrough } from '../define';
import { clientCredentials } from '../demo';
import { randomToken } from '../learner';
import { learnerTokens, tokenResponseUsable } from '../client-checks';

/**
 * The Authorization Code grant, played for real against the toy server: the page plays the
 * confidential client `web-app` (its front end and, for the back channel, its server).
 * This module is the template for the other flows: `defineWalkthrough(flow, fields, (env) => ({ … }))`,
 * with the learner data fields its steps read and write, and one effect per step id of `src/flows/<flow>.ts` (steps that only show the server's checks may be
 * left out: they pull the server's trace), using the shared helpers for fetch recording, checks,
 * frame navigation and trace pulls.
 * @see RFC 6749 §4.1
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const webApp = {
  ...clientCredentials('web-app'),
  redirect_path: CLIENT_PAGES.callback,
  scope: 'profile photos.read',
} as const;

/** What the app records: its request, the authorization response, the tokens and the API's answer. */
const fields = ['state', 'authorization_url', 'redirect_uri', 'error', 'error_description', 'decision', 'code', 'returned_state', 'iss', 'token_response', 'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'api_status', 'api_response'] as const;

export const authorizationCodeWalkthrough = defineWalkthrough(authorizationCode, fields, (env) => {
  const redirectUri = `${env.origin}${webApp.redirect_path}`;
  const authorizationEndpoint = `${env.origin}${ENDPOINTS.authorize}`;

  return {
    'redirect-to-authorize': {
      async run() {
        const state = randomToken(16, env.random);
        /** @see RFC 6749 §4.1.1 */
        const parameters = {
          response_type: { value: 'code', why: 'Ask for an authorization code (the Authorization Code grant). RFC 6749 §4.1.1' },
          client_id: { value: webApp.client_id, why: 'Which app is asking, as registered with the server. RFC 6749 §2.2' },
          redirect_uri: { value: redirectUri, why: 'Where the browser comes back; must match a registered URI exactly. RFC 6749 §3.1.2' },
          scope: { value: webApp.scope, why: 'What the app asks to do; the user sees it on the consent page. RFC 6749 §3.3' },
          state: { value: state, why: 'Random and unguessable; the app stores it and expects it back unchanged (CSRF protection). RFC 6749 §10.12' },
        };
        const authorizationUrl = buildAuthorizationUrl(authorizationEndpoint, parameters);
        return {
          learner: { state, authorization_url: authorizationUrl, redirect_uri: redirectUri },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: 'The app stored state and now redirects the browser to this URL. Nothing in it is secret: the user can see it.',
              rfc: 'RFC 6749 §4.1.1',
            }),
          ],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': confidentialTokenRequestStep(env, webApp, redirectUri, {
      keep: (response, text) => ({ token_response: text, token_cache_control: response.headers.get('cache-control') ?? '', ...tokenResponseFields(text) }),
      refused: 'A code works only once and only for a short time.',
    }),

    'token-response': {
      async run(input) {
        let claims: Record<string, unknown> = {};
        try {
          claims = decodeJwt(input.learner.access_token ?? '');
        } catch {
          // An opaque token is fine for the client: it never needs to read it.
        }
        const { event } = tokenResponseUsable(env, learnerTokens(input.learner), {
          usable: `A Bearer access token${claims.exp ? ' that expires soon' : ''}; the response must not be cached (Cache-Control: no-store).`,
        });
        return { events: [event] };
      },
    },

    'api-request': apiRequestStep(env, ENDPOINTS.apiMe),

    // The resource server's checks (token signature, expiry, scope) made while answering.
    'api-response': apiResponseStep(env, (profile) => {
      const name = typeof profile.name === 'string' ? profile.name : 'the user';
      return `Done: the app read ${name}’s profile with the access token, without ever seeing the password.`;
    }),
  };
});
