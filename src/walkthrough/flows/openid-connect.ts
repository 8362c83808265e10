import { decodeJwt } from 'jose';
import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { openidConnect, WRONG_NONCE } from '../../flows/openid-connect';
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
import { parseJsonObject } from '../client-requests';
import { defineWalkthrough } from '../define';
import { clientCredentials } from '../demo';
import { pullNewServerEvents } from '../env';
import { idTokenChecks } from '../id-token';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck, recordedFetch } from '../recorder';
import { jwksAnswer, parseWire } from '../wire';

/**
 * OpenID Connect sign-in, played for real: the page plays the confidential web app `oidc-web-app`.
 * It sends a nonce with its authorization request, validates the ID token itself (each rule a named
 * check in the Inspector), reads UserInfo, and sends only the access token to the API.
 * @see OpenID Connect Core 1.0 §3.1
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const oidcWebApp = {
  ...clientCredentials('oidc-web-app'),
  redirect_path: CLIENT_PAGES.callback,
  scope: 'openid profile email',
} as const;

/** The provider signs ID tokens with RS256 unless the client registered another algorithm. @see OIDC Core §3.1.3.7 (7) */
const ID_TOKEN_ALGORITHMS = ['RS256'] as const;

/** What the app records: its request (with nonce and PKCE pair), the authorization response, the tokens and the ID token, the user it signs in, UserInfo's and the API's answers. */
const fields = [
  'state', 'nonce', 'code_verifier', 'code_challenge', 'code_challenge_method', 'authorization_url', 'redirect_uri', 'error',
  'error_description', 'decision', 'code', 'returned_state', 'iss', 'access_token', 'token_type', 'expires_in',
  'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text', 'id_token', 'signed_in_sub',
  'userinfo_status', 'userinfo_response', 'api_status', 'api_response',
] as const;

export const openidConnectWalkthrough = defineWalkthrough(openidConnect, fields, (env) => {
  const redirectUri = `${env.origin}${oidcWebApp.redirect_path}`;

  return {
    'redirect-to-authorize': {
      async run() {
        const state = randomToken(16, env.random);
        const nonce = randomToken(16, env.random);
        const pkce = await s256CodeChallenge(createCodeVerifier(env.random));
        /** @see OIDC Core §3.1.2.1; RFC 7636 §4.3 */
        const parameters = {
          response_type: { value: 'code', why: 'The authorization code flow. OIDC Core §3.1.2.1' },
          client_id: { value: oidcWebApp.client_id, why: 'The app, as registered with the provider. RFC 6749 §2.2' },
          redirect_uri: { value: redirectUri, why: 'Where the browser comes back; must match a registered URI exactly. OIDC Core §3.1.2.1' },
          scope: { value: oidcWebApp.scope, why: 'openid makes this a sign-in; profile and email ask for those claims. OIDC Core §3.1.2.1, §5.4' },
          state: { value: state, why: 'Random; expected back unchanged (CSRF protection). RFC 6749 §10.12' },
          nonce: { value: nonce, why: 'Random; kept with this login and expected inside the ID token. OIDC Core §3.1.2.1' },
          code_challenge: { value: pkce.code_challenge, why: 'The hash of the code_verifier the app keeps. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'SHA-256 of the verifier. RFC 7636 §4.3' },
        };
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: {
            state,
            nonce,
            code_verifier: pkce.code_verifier,
            code_challenge: pkce.code_challenge,
            code_challenge_method: pkce.code_challenge_method,
            authorization_url: authorizationUrl,
            redirect_uri: redirectUri,
          },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: 'The app stored state, nonce and the code_verifier with this login and redirects the browser to this URL.',
              rfc: 'OIDC Core §3.1.2.1',
            }),
          ],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': confidentialTokenRequestStep(env, oidcWebApp, redirectUri, {
      extra: codeVerifierOf,
      keep: (response, body) => {
        const idToken = parseJsonObject(body)?.id_token;
        return { ...tokenAnswer(response, body), id_token: typeof idToken === 'string' ? idToken : '' };
      },
    }),

    'token-response': {
      async run(input) {
        const idToken = input.learner.id_token ?? '';
        return {
          events: [
            tokenResponseCheck(env, input.learner),
            recordCheck(env.recorder, 'ID token received', { id_token: idToken || '(missing)' }, idToken !== '', {
              detail: idToken
                ? 'Because the request asked for scope openid, the response carries an ID token: open the token response to read its claims.'
                : 'The response has no id_token although the request asked for scope openid.',
              rfc: 'OIDC Core §3.1.3.3',
            }),
          ],
        };
      },
    },

    'validate-id-token': {
      async run(input) {
        const jwks = await recordedFetch(env.fetch, env.recorder, `${env.origin}${ENDPOINTS.jwks}`, { headers: { Accept: 'application/json' } }, { server: 'authserver', channel: 'back' });
        const expectedNonce = input.action === WRONG_NONCE.id ? randomToken(16, env.random) : (input.learner.nonce ?? '');
        const checks = await idTokenChecks(input.learner.id_token ?? '', {
          issuer: env.origin,
          client_id: oidcWebApp.client_id,
          nonce: expectedNonce,
          access_token: input.learner.access_token ?? '',
          jwks: parseWire(jwksAnswer, jwks.body) ?? { keys: [] },
          algorithms: ID_TOKEN_ALGORITHMS,
          now: Math.floor(env.recorder.now() / 1000),
        });
        const events = [jwks.event, ...checks.map((check) => recordCheck(env.recorder, check.name, check.inputs, check.passed, check))];
        const refused = checks.find((check) => !check.passed);
        if (refused) {
          return {
            events,
            outcome: 'error',
            message: `The app refuses to sign the user in: the ${refused.name.replace('ID token ', '')} check failed (${refused.rfc}).`,
          };
        }
        return { events, learner: { signed_in_sub: decodeJwt(input.learner.id_token ?? '').sub ?? '' } };
      },
    },

    'userinfo-request': {
      async run(input) {
        const { body, event, response } = await recordedFetch(
          env.fetch,
          env.recorder,
          `${env.origin}${ENDPOINTS.userinfo}`,
          { headers: { Authorization: `Bearer ${input.learner.access_token ?? ''}`, Accept: 'application/json' } },
          { server: 'authserver', channel: 'back' },
        );
        return { events: [event], learner: { userinfo_status: response.status, userinfo_response: body } };
      },
    },

    'userinfo-response': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const claims = parseJsonObject(input.learner.userinfo_response ?? '') ?? {};
        const expected = input.learner.signed_in_sub ?? '';
        const same = input.learner.userinfo_status === 200 && expected !== '' && claims.sub === expected;
        const check = recordCheck(env.recorder, 'UserInfo sub matches the ID token', { id_token_sub: expected, userinfo_sub: claims.sub ?? '(missing)' }, same, {
          detail: same
            ? 'The claims are about the user the ID token signed in, so the app may use them.'
            : 'The UserInfo response is not about the signed-in user (or failed): the app must not use it.',
          rfc: 'OIDC Core §5.3.2',
        });
        const result = { events: [...pulled.events, check], serverSeq: pulled.serverSeq };
        if (!same) return { ...result, outcome: 'error' as const, message: `UserInfo answered ${input.learner.userinfo_status}; the app does not use its claims (OIDC Core §5.3.2).` };
        return result;
      },
    },

    'api-request': apiRequestStep(env, ENDPOINTS.apiMe),

    'api-response': apiResponseStep(env, (profile) => {
      const name = typeof profile.name === 'string' ? profile.name : 'the user';
      return `Done: ${name} is signed in to the app by a validated ID token, and the API answered the access token, not the ID token.`;
    }),
  };
});
