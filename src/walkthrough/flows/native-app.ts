import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import type { DemoClient } from '../../authserver/seed';
import { nativeApp as nativeAppFlow, WITHOUT_PKCE } from '../../flows/native-app';
import { defineWalkthrough } from '../define';
import { demoClient } from '../demo';
import {
  type AuthorizationParameter,
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
import { loopbackPort, nativeRedirect, NATIVE_REDIRECT_OF_MODE } from '../native-redirect';
import { recordCheck } from '../recorder';
import { labMode } from '../../static/mode';

/**
 * A native app, played for real: the page plays the public client `native-app`. Its "system
 * browser" is the walk-through's frame, and its loopback listener is this site's own port on
 * 127.0.0.1, so the server's redirect to its native callback page on `http://127.0.0.1:<port>` really lands.
 * In the static build (no listener, a Service Worker that answers only this origin) the same script
 * uses the app's claimed "https" redirect on this site's own origin instead (`native-redirect.ts`).
 * @see RFC 8252
 */

/** The demo client, as seeded on the server (its loopback redirect is registered without a port). */
export const nativeApp = {
  client_id: demoClient('native-app').client_id,
  registered_redirect_uri: loopbackRedirectOf(demoClient('native-app')),
  redirect_path: CLIENT_PAGES.nativeCallback,
  scope: 'profile photos.read',
} as const;

function loopbackRedirectOf(client: DemoClient): string {
  const uri = client.redirect_uris.find((candidate) => candidate.startsWith('http://127.0.0.1'));
  if (!uri) throw new Error(`${client.client_id} has no loopback redirect_uri in the seed.`);
  return uri;
}

export { loopbackPort, loopbackRedirectUri } from '../native-redirect';

/** What the app records: its PKCE pair and listener, its request, the authorization response and the tokens (or the refusal). */
const fields = [
  'code_verifier', 'code_challenge', 'code_challenge_method', 'pkce',
  'state', 'authorization_url', 'redirect_uri', 'error', 'error_description', 'decision', 'code', 'returned_state', 'iss',
  'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text',
] as const;

export const nativeAppWalkthrough = defineWalkthrough(nativeAppFlow, fields, (env) => {
  const redirect = nativeRedirect(NATIVE_REDIRECT_OF_MODE[labMode()], env.origin);
  const redirectUri = redirect.uri;

  return {
    'create-verifier': createVerifierStep(env, 'RFC 8252 §8.1'),

    'open-loopback-listener': {
      async run() {
        const check =
          redirect.kind === 'loopback'
            ? recordCheck(
                env.recorder,
                'loopback listener open',
                {
                  interface: '127.0.0.1',
                  port: { value: loopbackPort(env.origin), why: 'Any free port; in this lab, the port this site runs on, so the redirect really arrives.' },
                  redirect_uri: redirectUri,
                  registered_redirect_uri: { value: nativeApp.registered_redirect_uri, why: 'Registered without a port: the server must accept any.' },
                },
                true,
                {
                  detail: 'The app listens on the loopback IP literal only (not "localhost", not other interfaces) and only until the code arrives.',
                  rfc: redirect.rfc,
                },
              )
            : recordCheck(
                env.recorder,
                'claimed https redirect instead of a loopback listener',
                {
                  redirect_uri: { value: redirectUri, why: 'This site’s own address, registered for the app exactly, as a claimed URL is.' },
                  loopback_listener: { value: 'none', why: 'The lab server runs in this browser: nothing here can listen on a loopback port.' },
                },
                true,
                {
                  detail:
                    'The operating system hands a claimed "https" URL of the app’s own domain to the app instead of loading it in the browser; here this site’s page plays the app that receives it.',
                  rfc: redirect.rfc,
                },
              );
        return { learner: { redirect_uri: redirectUri }, events: [check] };
      },
    },

    'open-system-browser': {
      async run(input) {
        const state = randomToken(16, env.random);
        const withPkce = input.action !== WITHOUT_PKCE.id;
        /** @see RFC 6749 §4.1.1; RFC 7636 §4.3; RFC 8252 §7.3 */
        const parameters: Record<string, AuthorizationParameter> = {
          response_type: { value: 'code', why: 'Ask for an authorization code. RFC 6749 §4.1.1' },
          client_id: { value: nativeApp.client_id, why: 'A public client: a secret shipped in an app could be extracted. RFC 8252 §8.5' },
          redirect_uri: { value: redirectUri, why: redirect.why },
          scope: { value: nativeApp.scope, why: 'What the app asks to do. RFC 6749 §3.3' },
          state: { value: state, why: 'Random; the app expects it back unchanged. RFC 8252 §8.9' },
        };
        if (withPkce) {
          parameters.code_challenge = { value: input.learner.code_challenge ?? '', why: 'S256 hash of the code_verifier. RFC 7636 §4.3' };
          parameters.code_challenge_method = { value: 'S256', why: 'PKCE is required for native apps. RFC 8252 §8.1' };
        }
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { state, authorization_url: authorizationUrl, pkce: withPkce ? 'S256' : 'none' },
          events: [
            authorizationUrlBuilt(env, authorizationUrl, parameters, {
              detail: withPkce
                ? 'The app opens this URL in the system browser, where the user has a real address bar; the app never sees the password.'
                : 'Teaching variant: this request leaves out code_challenge. The server requires PKCE from public clients and should refuse it.',
              rfc: 'RFC 8252 §8.12',
            }),
          ],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: nativeApp.client_id,
          code: input.learner.code ?? '',
          redirect_uri: input.learner.redirect_uri ?? redirectUri,
          code_verifier: input.learner.code_verifier ?? '',
        });
        return { events: [event], learner: tokenAnswer(response, body) };
      },
    },

    'verify-pkce': verifyOnServerStep(env, (errorText) =>
      `The token endpoint refused with ${errorText}. The app stops here without tokens.`,
    ),

    'token-response': {
      async run(input) {
        return {
          events: [tokenResponseCheck(env, input.learner)],
          message:
            redirect.kind === 'loopback'
              ? 'Done: the native app got its tokens through the system browser and a loopback redirect, with no client secret, proving possession of the code_verifier instead. It would now close its listener and keep the refresh token in the platform’s secure storage.'
              : 'Done: the native app got its tokens through the system browser and its claimed "https" redirect, with no client secret, proving possession of the code_verifier instead. It would now keep the refresh token in the platform’s secure storage.',
        };
      },
    },
  };
});
