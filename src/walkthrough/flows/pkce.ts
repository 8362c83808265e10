import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { pkce, WRONG_VERIFIER } from '../../flows/pkce';
import { defineWalkthrough } from '../define';
import { demoClient } from '../demo';
import {
  apiRequestStep,
  apiResponseStep,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  createVerifierStep,
  publicTokenRequest,
  redirectRoundTrip,
  tokenAnswer,
  tokenResponseCheck,
  verifyOnServerStep,
} from '../browser-flow';
import { randomToken } from '../learner';
import { wrongCodeVerifier } from '../pkce';

/**
 * Authorization Code with PKCE, played for real by a single-page app: the page plays the public
 * client `spa`, which has no secret, computes its PKCE pair with Web Crypto, redeems the code with
 * the code_verifier and calls the API straight from the browser.
 * @see RFC 7636; RFC 9700 §2.1.1
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const spa = {
  client_id: demoClient('spa').client_id,
  redirect_path: CLIENT_PAGES.callback,
  scope: 'profile photos.read',
} as const;

/** What the app records: its PKCE pair, its request, the authorization response, the tokens (or the refusal) and the API's answer. */
const fields = [
  'code_verifier', 'code_challenge', 'code_challenge_method', 'sent_code_verifier',
  'state', 'authorization_url', 'redirect_uri', 'error', 'error_description', 'decision', 'code', 'returned_state', 'iss',
  'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text',
  'api_status', 'api_response',
] as const;

export const pkceWalkthrough = defineWalkthrough(pkce, fields, (env) => {
  const redirectUri = `${env.origin}${spa.redirect_path}`;

  return {
    'create-verifier': createVerifierStep(env),

    'redirect-to-authorize': {
      async run(input) {
        const state = randomToken(16, env.random);
        /** @see RFC 6749 §4.1.1; RFC 7636 §4.3 */
        const parameters = {
          response_type: { value: 'code', why: 'Ask for an authorization code. RFC 6749 §4.1.1' },
          client_id: { value: spa.client_id, why: 'A public client: registered without a secret. RFC 6749 §2.1' },
          redirect_uri: { value: redirectUri, why: 'The app’s own page; must match a registered URI exactly. RFC 6749 §3.1.2' },
          scope: { value: spa.scope, why: 'Read the profile and the photos; the user sees this on the consent page. RFC 6749 §3.3' },
          state: { value: state, why: 'Random; kept in the tab and expected back unchanged (CSRF protection). RFC 6749 §10.12' },
          code_challenge: { value: input.learner.code_challenge ?? '', why: 'The hash of the code_verifier; the verifier itself stays in the tab. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'The server will check SHA-256 of the verifier against the challenge. RFC 7636 §4.3' },
        };
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { state, authorization_url: authorizationUrl, redirect_uri: redirectUri },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: 'The app stored state and the code_verifier in the tab and now sends the browser to this URL. Only the hash of the verifier is in it.',
              rfc: 'RFC 7636 §4.3',
            }),
          ],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': {
      async run(input) {
        const verifier = input.learner.code_verifier ?? '';
        const sent = input.action === WRONG_VERIFIER.id ? wrongCodeVerifier(verifier, env.random) : verifier;
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: spa.client_id,
          code: input.learner.code ?? '',
          redirect_uri: input.learner.redirect_uri ?? redirectUri,
          code_verifier: sent,
        });
        return { events: [event], learner: { sent_code_verifier: sent, ...tokenAnswer(response, body) } };
      },
    },

    'verify-pkce': verifyOnServerStep(env, (errorText) =>
      `The token endpoint refused with ${errorText}: the SHA-256 of the code_verifier that was sent does not equal the code_challenge stored with the code, so whoever sent it did not start this flow. A stolen code is useless without the verifier (RFC 7636 §4.6).`,
    ),

    'token-response': {
      async run(input) {
        return { events: [tokenResponseCheck(env, input.learner)] };
      },
    },

    'api-request': apiRequestStep(env, ENDPOINTS.apiPhotos),

    'api-response': apiResponseStep(env, (body) => {
      const photos = Array.isArray(body.photos) ? body.photos.length : 0;
      return `Done: the single-page app read ${photos} photo${photos === 1 ? '' : 's'} straight from the API in the browser, with no client secret anywhere and a code that was useless without the verifier.`;
    }),
  };
});
