import { decodeJwt } from 'jose';
import { basicAuthorization, frameDocumentExchange, pullNewServerEvents, queryOf, type WalkthroughEnv } from '../env';
import { randomToken } from '../learner';
import { constantTimeEqual, recordCheck, recordedFetch } from '../recorder';
import type { FlowScript, StepResult } from '../types';

/**
 * The Authorization Code grant, played for real against the toy server: the page plays the
 * confidential client `web-app` (its front end and, for the back channel, its server).
 * This module is the template for the other flows: one effect per step id of `src/flows/<flow>.ts`,
 * using the shared helpers for fetch recording, checks, frame navigation and trace pulls.
 * @see RFC 6749 §4.1
 */

/** The demo client, as seeded on the server. */
export const webApp = {
  client_id: 'web-app',
  client_secret: 'web-app-secret',
  redirect_path: '/lab/callback',
  scope: 'profile photos.read',
} as const;

/** The demo user the walk-through logs in as when the learner presses Next at the consent page. */
export const demoUser = { username: 'alice', password: 'wonderland' } as const;

export function createAuthorizationCodeScript(env: WalkthroughEnv): FlowScript {
  const redirectUri = `${env.origin}${webApp.redirect_path}`;
  const authorizationEndpoint = `${env.origin}/oauth/authorize`;
  const tokenEndpoint = `${env.origin}/oauth/token`;
  /** The server's answer is the browser coming back to our redirect_uri. */
  const isRedirectBack = (url: string) => url.split(/[?#]/)[0] === redirectUri;

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
        const url = new URL(authorizationEndpoint);
        for (const [name, { value }] of Object.entries(parameters)) url.searchParams.set(name, value);
        const authorizationUrl = url.toString();
        return {
          learner: { state, authorization_url: authorizationUrl, redirect_uri: redirectUri },
          events: [
            recordCheck(env.recorder, 'authorization URL built', { authorization_url: authorizationUrl, ...parameters }, true, {
              detail: 'The app stored state and now redirects the browser to this URL. Nothing in it is secret: the user can see it.',
              rfc: 'RFC 6749 §4.1.1',
            }),
          ],
        };
      },
    },

    'authorization-request': {
      async run(input) {
        const authorizationUrl = input.learner.authorization_url;
        if (!authorizationUrl) throw new Error('No authorization URL: run the first step again.');
        const landed = await env.frame.navigate(authorizationUrl);
        const pulled = await pullNewServerEvents(env, input);
        return { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    'login-and-consent': {
      async run(input) {
        // The page is already in the frame; show anything the server recorded while rendering it.
        const pulled = await pullNewServerEvents(env, input);
        return { events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    'user-decides': {
      decision: { isAnswer: isRedirectBack },
      async run(input) {
        const current = env.frame.currentUrl();
        // The learner may already have answered inside the frame; otherwise answer as they chose (approve by default).
        const landed =
          current && isRedirectBack(current)
            ? current
            : await env.frame.submitConsent(input.decision ?? 'approve', demoUser, isRedirectBack);
        if (!isRedirectBack(landed)) {
          return {
            frameUrl: landed,
            outcome: 'error',
            message: `The browser did not come back to the app (it is at ${landed}). Check the login form in the frame.`,
          };
        }
        const answer = queryOf(landed);
        return { frameUrl: landed, learner: { decision: answer.error ? 'deny' : 'approve' } };
      },
    },

    'redirect-with-code': {
      async run(input) {
        // The server's 302 (recorded by the server) carries the code, or the error.
        const pulled = await pullNewServerEvents(env, input);
        return { events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    callback: {
      async run(input) {
        const url = env.frame.currentUrl() ?? input.frameUrl;
        if (!url || !isRedirectBack(url)) throw new Error('The browser frame is not at the app’s redirect_uri.');
        const received = queryOf(url);
        const events = [frameDocumentExchange(env, url)];
        if (received.error) {
          return {
            events,
            learner: { error: received.error, ...(received.error_description ? { error_description: received.error_description } : {}) },
            outcome: 'denied',
            message:
              received.error === 'access_denied'
                ? 'The user denied the request: the server sent the browser back with error=access_denied instead of a code. The app stops here, with no code and no tokens.'
                : `The server answered with error=${received.error}. The app stops here.`,
          } satisfies StepResult;
        }
        return {
          events,
          learner: {
            code: received.code ?? '',
            returned_state: received.state ?? '',
            ...(received.iss ? { iss: received.iss } : {}),
          },
        };
      },
    },

    'check-state': {
      async run(input) {
        const expected = input.learner.state ?? '';
        const received = input.learner.returned_state ?? '';
        const stateMatches = expected !== '' && constantTimeEqual(expected, received);
        const issuer = input.learner.iss ?? '';
        const issuerMatches = issuer === env.origin;
        const events = [
          recordCheck(env.recorder, 'state matches', { expected, received }, stateMatches, {
            detail: stateMatches
              ? 'The state that came back is the one this app stored, so this response answers a request the app started.'
              : 'The state that came back is not the one this app stored: the response may be forged (CSRF). The app must not redeem this code.',
            rfc: 'RFC 6749 §10.12',
          }),
          recordCheck(env.recorder, 'iss matches', { expected: env.origin, received: issuer || '(missing)' }, issuerMatches, {
            detail: issuerMatches
              ? 'The response names the authorization server the app sent the user to.'
              : 'The response names another issuer (or none): a mix-up attack may be under way.',
            rfc: 'RFC 9207 §2.4',
          }),
        ];
        if (!stateMatches) {
          return { events, outcome: 'error', message: 'state does not match: the app stops and does not redeem the code (CSRF protection, RFC 6749 §10.12).' };
        }
        if (!issuerMatches) {
          return { events, outcome: 'error', message: 'iss does not match the expected issuer: the app stops (mix-up protection, RFC 9207).' };
        }
        return { events };
      },
    },

    'token-request': {
      async run(input) {
        const body = new URLSearchParams({
          grant_type: 'authorization_code',
          code: input.learner.code ?? '',
          redirect_uri: input.learner.redirect_uri ?? redirectUri,
        });
        const { response, body: text, event } = await recordedFetch(
          env.fetch,
          env.recorder,
          tokenEndpoint,
          {
            method: 'POST',
            headers: { Authorization: basicAuthorization(webApp.client_id, webApp.client_secret), Accept: 'application/json' },
            body,
          },
          { server: 'authserver', channel: 'back' },
        );
        if (!response.ok) {
          // Show the server's checks that refused the code, then stop.
          const pulled = await pullNewServerEvents(env, input, [event]);
          const error = parseJson(text);
          return {
            events: [event, ...pulled.events],
            serverSeq: pulled.serverSeq,
            outcome: 'error',
            message: `The token endpoint refused: ${String(error?.error ?? response.status)}${error?.error_description ? ` (${String(error.error_description)})` : ''}. A code works only once and only for a short time.`,
          };
        }
        const tokens = parseJson(text) ?? {};
        const learner: Record<string, string> = { token_response: text, token_cache_control: response.headers.get('cache-control') ?? '' };
        for (const name of ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'id_token']) {
          if (tokens[name] !== undefined) learner[name] = String(tokens[name]);
        }
        return { events: [event], learner };
      },
    },

    'verify-code': {
      async run(input) {
        // The server's checks made while answering the token request.
        const pulled = await pullNewServerEvents(env, input);
        return { events: pulled.events, serverSeq: pulled.serverSeq };
      },
    },

    'token-response': {
      async run(input) {
        const tokenType = input.learner.token_type ?? '';
        const accessToken = input.learner.access_token ?? '';
        const cacheControl = input.learner.token_cache_control ?? '';
        let claims: Record<string, unknown> = {};
        try {
          claims = decodeJwt(accessToken);
        } catch {
          // An opaque token is fine for the client: it never needs to read it.
        }
        const usable = accessToken !== '' && tokenType.toLowerCase() === 'bearer' && /\bno-store\b/i.test(cacheControl);
        return {
          events: [
            recordCheck(
              env.recorder,
              'token response usable',
              { token_type: tokenType, expires_in: input.learner.expires_in ?? '(missing)', 'cache-control': cacheControl || '(missing)', access_token: accessToken },
              usable,
              {
                detail: usable
                  ? `A Bearer access token${claims.exp ? ' that expires soon' : ''}; the response must not be cached (Cache-Control: no-store).`
                  : 'The response lacks a Bearer access_token or Cache-Control: no-store.',
                rfc: 'RFC 6749 §5.1',
              },
            ),
          ],
        };
      },
    },

    'api-request': {
      async run(input) {
        const { body, event, response } = await recordedFetch(
          env.fetch,
          env.recorder,
          `${env.origin}/api/me`,
          { method: 'GET', headers: { Authorization: `Bearer ${input.learner.access_token ?? ''}`, Accept: 'application/json' } },
          { server: 'resource', channel: 'back' },
        );
        return { events: [event], learner: { api_status: String(response.status), api_response: body } };
      },
    },

    'api-response': {
      async run(input) {
        // The resource server's checks (token signature, expiry, scope) made while answering.
        const pulled = await pullNewServerEvents(env, input);
        const status = Number(input.learner.api_status);
        if (status !== 200) {
          return {
            events: pulled.events,
            serverSeq: pulled.serverSeq,
            outcome: 'error',
            message: `The API answered ${status}; see its WWW-Authenticate header in the Inspector (RFC 6750 §3).`,
          };
        }
        const profile = parseJson(input.learner.api_response ?? '') ?? {};
        const name = typeof profile.name === 'string' ? profile.name : 'the user';
        return {
          events: pulled.events,
          serverSeq: pulled.serverSeq,
          message: `Done: the app read ${name}’s profile with the access token, without ever seeing the password.`,
        };
      },
    },
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
