import { ENDPOINTS } from '../../authserver/paths';
import { GRANT_REFRESH_TOKEN } from '../../authserver/seed';
import { revocation, WRONG_INTROSPECTION_SECRET } from '../../flows/revocation';
import { defineWalkthrough } from '../define';
import { demoUser, wrongSecretOf } from '../demo';
import { obtainTokensAsDemoUser } from '../authorized-setup';
import { authenticatedPost, bearerRequest, clientAuthenticationRefused, describeOAuthError, oauthErrorCode, parseJsonObject, type ConfidentialClient } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { bearerRefusal } from '../client-checks';
import { recordCheck } from '../recorder';
import type { StepInput } from '../types';
import { webApp } from './authorization-code';

/**
 * Revocation and introspection, played for real: the app (`web-app`) gets tokens with a real
 * Authorization Code grant, introspection says they are active, the app revokes its refresh token,
 * and then introspection, the API and the token endpoint all treat the grant as gone.
 * The toy server registers no separate client for the API, so the walk-through introspects with
 * web-app's credentials; a real API would use its own.
 * @see RFC 7009; RFC 7662
 */

/** What the app records: its tokens and what revocation, introspection, the API and the token endpoint answered. */
const fields = [
  'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope',
  'revocation_status', 'introspection_response', 'api_status', 'api_www_authenticate', 'refresh_status', 'refresh_error',
] as const;
type Fields = (typeof fields)[number];

export const revocationWalkthrough = defineWalkthrough(revocation, fields, (env) => {
  const client: ConfidentialClient = { client_id: webApp.client_id, client_secret: webApp.client_secret };

  /** POST to the introspection endpoint for the access token. @see RFC 7662 §2.1 */
  const introspect = (input: StepInput<Fields>, wrongSecret = false) =>
    authenticatedPost(
      env,
      ENDPOINTS.introspect,
      wrongSecret ? wrongSecretOf(client) : client,
      { token: input.learner.access_token ?? '', token_type_hint: 'access_token' },
      { expectRefusal: wrongSecret },
    );

  return {
    'holds-tokens': {
      async run(input) {
        const setup = await obtainTokensAsDemoUser(env, input, webApp, demoUser);
        if (setup.outcome) return setup;
        const tokens = setup.learner ?? {};
        const introspection = await introspect({ ...input, learner: { ...input.learner, ...tokens } });
        const pulled = await pullNewServerEvents(
          env,
          { ...input, serverSeq: setup.serverSeq ?? input.serverSeq, trace: [] },
          [...(setup.events ?? []), introspection.event],
        );
        const answer = parseJsonObject(introspection.body) ?? {};
        const active = introspection.response.status === 200 && answer.active === true;
        return {
          learner: tokens,
          serverSeq: pulled.serverSeq,
          events: [
            ...(setup.events ?? []),
            introspection.event,
            ...pulled.events,
            recordCheck(env.recorder, 'tokens active', { active: answer.active ?? '(missing)', scope: answer.scope ?? '', exp: answer.exp ?? '', refresh_token: tokens.refresh_token ?? '(missing)' }, active, {
              detail: active
                ? 'Introspection confirms the access token is active; the app also holds the refresh token of the same grant.'
                : 'Introspection did not report the new access token as active.',
              rfc: 'RFC 7662 §2.2',
            }),
          ],
          ...(active
            ? {
                message:
                  'Setup: the walk-through signed in as alice and approved web-app with a real Authorization Code grant (the first entries in the Inspector), then asked the introspection endpoint about the access token: active: true.',
              }
            : { outcome: 'error' as const, message: 'Setup failed: introspection did not say active: true.' }),
        };
      },
    },

    'revocation-request': {
      async run(input) {
        const { event, response } = await authenticatedPost(env, ENDPOINTS.revoke, client, {
          token: input.learner.refresh_token ?? '',
          token_type_hint: 'refresh_token',
        });
        return { events: [event], learner: { revocation_status: response.status } };
      },
    },


    'revocation-response': {
      async run(input) {
        const status = input.learner.revocation_status ?? 0;
        // The same answer for a token the server never issued. @see RFC 7009 §2.2
        const unknown = await authenticatedPost(env, ENDPOINTS.revoke, client, { token: 'a-token-this-server-never-issued', token_type_hint: 'refresh_token' });
        const pulled = await pullNewServerEvents(env, input, [unknown.event]);
        const revoked = status === 200;
        const sameAnswer = unknown.response.status === 200;
        return {
          serverSeq: pulled.serverSeq,
          events: [
            recordCheck(env.recorder, 'revocation accepted', { status }, revoked, {
              detail: revoked ? '200 with an empty body: the refresh token is revoked.' : 'The revocation endpoint did not answer 200.',
              rfc: 'RFC 7009 §2.2',
            }),
            unknown.event,
            ...pulled.events,
            recordCheck(env.recorder, 'unknown token answered 200 too', { status: unknown.response.status }, sameAnswer, {
              detail: sameAnswer
                ? 'Revoking a token the server never issued also gets 200, so the endpoint reveals nothing about which tokens exist.'
                : 'An unknown token got another answer than 200.',
              rfc: 'RFC 7009 §2.2',
            }),
          ],
          ...(revoked ? {} : { outcome: 'error' as const, message: `The revocation endpoint answered ${status}.` }),
        };
      },
    },

    'api-request': {
      async run(input) {
        const { event, response } = await bearerRequest(env, ENDPOINTS.apiMe, input.learner.access_token ?? '');
        const pulled = await pullNewServerEvents(env, input, [event]);
        return {
          events: [event, ...pulled.events],
          serverSeq: pulled.serverSeq,
          learner: { api_status: response.status, api_www_authenticate: response.headers.get('www-authenticate') ?? '' },
        };
      },
    },

    'introspection-request': {
      async run(input) {
        const wrongSecret = input.action === WRONG_INTROSPECTION_SECRET.id;
        const result = await introspect(input, wrongSecret);
        const { event, response, body } = result;
        const pulled = await pullNewServerEvents(env, input, [event]);
        if (!response.ok) {
          const challenge = response.headers.get('www-authenticate');
          return {
            events: [event, ...pulled.events, ...(response.status === 401 ? [clientAuthenticationRefused(env, result)] : [])],
            serverSeq: pulled.serverSeq,
            outcome: 'error',
            message: `The introspection endpoint refused the caller: ${response.status} ${describeOAuthError(body, response.status)}${challenge ? `, WWW-Authenticate: ${challenge}` : ''}. Only authenticated callers may ask about tokens (RFC 7662 §2.1).`,
          };
        }
        return { events: [event, ...pulled.events], serverSeq: pulled.serverSeq, learner: { introspection_response: body } };
      },
    },

    'introspection-response': {
      async run(input) {
        const answer = parseJsonObject(input.learner.introspection_response ?? '') ?? {};
        const inactive = answer.active === false && Object.keys(answer).length === 1;
        return {
          events: [
            recordCheck(env.recorder, 'token inactive', { response: input.learner.introspection_response ?? '' }, inactive, {
              detail: inactive
                ? 'active: false and nothing else: the access token died with the refresh token’s grant, though its signature and exp are still fine.'
                : 'Introspection still reports the access token as active (or says more than active: false).',
              rfc: 'RFC 7662 §2.2',
            }),
          ],
          ...(inactive ? {} : { outcome: 'error' as const, message: 'Expected { "active": false } after revoking the grant.' }),
        };
      },
    },

    'invalid-token': {
      async run(input) {
        const status = input.learner.api_status ?? 0;
        const { event, refused } = bearerRefusal(
          env,
          'API rejects the revoked grant',
          { status, wwwAuthenticate: input.learner.api_www_authenticate ?? '' },
          { status: 401, error: 'invalid_token' },
          {
            refused: () =>
              'The API refused the access token with 401 and error="invalid_token": revoking the refresh token revoked the grant’s access tokens too (RFC 7009 §2.1).',
            accepted: 'The API still accepts the access token of the revoked grant.',
          },
        );
        return {
          events: [event],
          ...(refused ? {} : { outcome: 'error' as const, message: `Expected 401 with error="invalid_token", got ${status}.` }),
        };
      },
    },

    'refresh-request': {
      async run(input) {
        const { event, response, body } = await authenticatedPost(env, ENDPOINTS.token, client, {
          grant_type: GRANT_REFRESH_TOKEN,
          refresh_token: input.learner.refresh_token ?? '',
        });
        const pulled = await pullNewServerEvents(env, input, [event]);
        return {
          events: [event, ...pulled.events],
          serverSeq: pulled.serverSeq,
          learner: { refresh_status: response.status, refresh_error: oauthErrorCode(body) },
        };
      },
    },

    'invalid-grant': {
      async run(input) {
        const status = input.learner.refresh_status ?? 0;
        const error = input.learner.refresh_error ?? '';
        const refused = status === 400 && error === 'invalid_grant';
        return {
          events: [
            recordCheck(env.recorder, 'refresh refused', { status, error: error || '(none)' }, refused, {
              detail: refused ? 'The revoked refresh token is answered with invalid_grant: the grant is gone.' : 'The revoked refresh token still works.',
              rfc: 'RFC 6749 §5.2',
            }),
          ],
          ...(refused
            ? {
                message:
                  'Done: one revocation request ended the whole grant. The same idea scales up: deleting an app at the server revokes every grant and token issued to it. Rotating a leaked client secret stops others from authenticating as the app, but tokens already issued keep working until they expire or are revoked, so revoke them too.',
              }
            : { outcome: 'error' as const, message: `Expected 400 invalid_grant, got ${status} ${error}.` }),
        };
      },
    },
  };
});
