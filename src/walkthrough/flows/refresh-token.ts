import { ENDPOINTS } from '../../authserver/paths';
import { GRANT_REFRESH_TOKEN } from '../../authserver/seed';
import { refreshToken } from '../../flows/refresh-token';
import { defineWalkthrough } from '../define';
import { demoUser } from '../demo';
import { decodeJwt } from 'jose';
import { obtainTokensAsDemoUser } from '../authorized-setup';
import { authenticatedPost, bearerRequest, describeOAuthError, oauthErrorCode, parseJsonObject, tokenResponseFields } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { advanceClockBody, describeOffset, parseLabClock } from '../lab-clock';
import { apiDidNotAnswer, bearerRefusal } from '../client-checks';
import { recordCheck, recordedFetch } from '../recorder';
import type { StepEffect, StepInput, StepResult } from '../types';
import { webApp } from './authorization-code';

/**
 * Refresh tokens, played for real: the app (`web-app`) gets tokens with a real Authorization Code
 * grant, calls the API, the learner moves the lab clock an hour ahead so the access token expires,
 * the app refreshes (and the server rotates the refresh token), then a replay of the old refresh
 * token is detected and the whole grant revoked.
 * @see RFC 6749 §6; RFC 9700 §4.14.2
 */

/** How far "Advance clock 1 hour" moves the learner's clock. */
export const ONE_HOUR = 3600;

/** What the app records: its tokens (and the ones a refresh replaced), the API's answers and the lab clock it moved. */
const fields = [
  'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope',
  'previous_access_token', 'previous_refresh_token',
  'api_status', 'api_response', 'api_www_authenticate',
  'lab_clock_offset_seconds', 'lab_clock_now',
] as const;
type Fields = (typeof fields)[number];

export const refreshTokenWalkthrough = defineWalkthrough(refreshToken, fields, (env) => {
  const client = { client_id: webApp.client_id, client_secret: webApp.client_secret };

  /** Calls the profile API (`ENDPOINTS.apiMe`) with the access token in `learner[tokenKey]`; the response is kept for the next step. */
  const apiRequest = (tokenKey: 'access_token' | 'previous_access_token'): StepEffect<Fields, 'api_status' | 'api_response' | 'api_www_authenticate'> => ({
    async run(input) {
      const { event, response, body } = await bearerRequest(env, ENDPOINTS.apiMe, input.learner[tokenKey] ?? '');
      return {
        events: [event],
        learner: {
          api_status: response.status,
          api_response: body,
          api_www_authenticate: response.headers.get('www-authenticate') ?? '',
        },
      };
    },
  });

  /** Shows the resource server's checks and expects the profile. */
  const apiSucceeded: StepEffect<Fields, never> = {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const status = input.learner.api_status ?? 0;
      const refused = apiDidNotAnswer(status);
      if (refused) return { ...pulled, ...refused };
      const name = parseJsonObject(input.learner.api_response ?? '')?.name;
      return { ...pulled, message: `The API accepted the access token and returned ${typeof name === 'string' ? `${name}’s` : 'the'} profile.` };
    },
  };

  /** Sends `grant_type=refresh_token` with the refresh token in `learner[tokenKey]`. @see RFC 6749 §6 */
  const refresh = (input: StepInput<Fields>, tokenKey: 'refresh_token' | 'previous_refresh_token') =>
    authenticatedPost(env, ENDPOINTS.token, client, { grant_type: GRANT_REFRESH_TOKEN, refresh_token: input.learner[tokenKey] ?? '' });

  return {
    'holds-tokens': {
      async run(input) {
        const setup = await obtainTokensAsDemoUser(env, input, { ...webApp, scope: webApp.scope }, demoUser);
        if (setup.outcome) return setup;
        const tokens = setup.learner ?? {};
        const holds = Boolean(tokens.access_token && tokens.refresh_token);
        return {
          ...setup,
          events: [
            ...(setup.events ?? []),
            recordCheck(
              env.recorder,
              'holds tokens',
              { access_token: tokens.access_token ?? '(missing)', expires_in: tokens.expires_in ?? '(missing)', refresh_token: tokens.refresh_token ?? '(missing)', scope: tokens.scope ?? '' },
              holds,
              {
                detail: holds
                  ? `An access token for ${tokens.expires_in ?? 'a few hundred'} seconds and a refresh token that stands for the user’s grant.`
                  : 'The token response lacks an access token or a refresh token.',
                rfc: 'RFC 6749 §1.5',
              },
            ),
          ],
          ...(holds ? {} : { outcome: 'error' as const }),
          message: holds
            ? 'Setup: the walk-through just signed in as alice and approved web-app with a real Authorization Code grant (the first entries in the Inspector). The app now holds an access token and a refresh token.'
            : 'Setup failed: the app did not get both tokens.',
        };
      },
    },

    'api-request': apiRequest('access_token'),
    'api-response': apiSucceeded,

    'advance-clock': {
      async run(input) {
        const { event, response, body } = await recordedFetch(
          env.fetch,
          env.recorder,
          `${env.origin}${ENDPOINTS.labClock}`,
          { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: advanceClockBody(ONE_HOUR) },
          { server: 'authserver', channel: 'back' },
        );
        const clock = parseLabClock(response.status, body);
        let exp: number | undefined;
        try {
          exp = decodeJwt(input.learner.access_token ?? '').exp;
        } catch {
          exp = undefined;
        }
        const expired = exp !== undefined && clock.now >= exp;
        return {
          events: [
            event,
            recordCheck(env.recorder, 'access token past exp', { exp: exp ?? '(unknown)', now: clock.now }, expired, {
              detail: expired
                ? `The lab clock is now ${describeOffset(clock.offset_seconds)} ahead: the access token expired ${Math.round((clock.now - exp!) / 60)} minutes ago.`
                : 'The access token has not expired yet on the lab clock.',
              rfc: 'RFC 6749 §5.1',
            }),
          ],
          learner: { lab_clock_offset_seconds: clock.offset_seconds, lab_clock_now: clock.now },
          message: `The lab clock moved ${describeOffset(ONE_HOUR)} ahead (a teaching hook of this site, not part of OAuth). The access token lived 10 minutes.`,
        };
      },
    },

    'api-request-expired': apiRequest('access_token'),

    'invalid-token': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const status = input.learner.api_status ?? 0;
        const { event, refused } = bearerRefusal(
          env,
          'API says invalid_token',
          { status, wwwAuthenticate: input.learner.api_www_authenticate ?? '' },
          { status: 401, error: 'invalid_token' },
          {
            refused: () => 'WWW-Authenticate: Bearer error="invalid_token": the token is no good any more. Time to use the refresh token.',
            accepted: 'The API did not refuse the expired token as expected.',
          },
        );
        return {
          serverSeq: pulled.serverSeq,
          events: [...pulled.events, event],
          ...(refused ? {} : { outcome: 'error' as const, message: `Expected 401 with error="invalid_token", got ${status}.` }),
        };
      },
    },

    'refresh-request': {
      async run(input) {
        const { event, response, body } = await refresh(input, 'refresh_token');
        const previous = { previous_refresh_token: input.learner.refresh_token ?? '', previous_access_token: input.learner.access_token ?? '' };
        if (!response.ok) {
          const pulled = await pullNewServerEvents(env, input, [event]);
          return { events: [event, ...pulled.events], serverSeq: pulled.serverSeq, learner: previous, outcome: 'error', message: `The refresh was refused: ${describeOAuthError(body, response.status)}.` };
        }
        // A field the new response leaves out no longer holds: the old value is cleared. @see RFC 6749 §6
        const { access_token = '', refresh_token = '', expires_in, scope = '' } = tokenResponseFields(body);
        return { events: [event], learner: { ...previous, access_token, refresh_token, expires_in, scope } };
      },
    },


    'refresh-response': {
      async run(input) {
        const previous = input.learner.previous_refresh_token ?? '';
        const current = input.learner.refresh_token ?? '';
        const rotated = current !== '' && current !== previous;
        const newAccess = (input.learner.access_token ?? '') !== '' && input.learner.access_token !== input.learner.previous_access_token;
        return {
          events: [
            recordCheck(env.recorder, 'new access token', { previous_access_token: input.learner.previous_access_token ?? '', access_token: input.learner.access_token ?? '', expires_in: input.learner.expires_in ?? '' }, newAccess, {
              detail: newAccess ? 'A fresh access token, valid from the (advanced) lab clock’s now.' : 'No new access token came back.',
              rfc: 'RFC 6749 §6',
            }),
            recordCheck(env.recorder, 'refresh token rotated', { previous_refresh_token: previous, refresh_token: current || '(none)' }, rotated, {
              detail: rotated
                ? 'The server sent a new refresh token and invalidated the one just used: the app must keep the new one.'
                : 'The server did not rotate the refresh token.',
              rfc: 'RFC 9700 §4.14.2',
            }),
          ],
          ...(rotated && newAccess ? {} : { outcome: 'error' as const, message: 'The refresh response lacks a new access token or a rotated refresh token.' }),
        };
      },
    },

    'api-request-refreshed': apiRequest('access_token'),
    'api-response-refreshed': apiSucceeded,

    'reuse-old-refresh-token': {
      async run(input) {
        const { event } = await refresh(input, 'previous_refresh_token');
        const pulled = await pullNewServerEvents(env, input, [event]);
        return { events: [event, ...pulled.events], serverSeq: pulled.serverSeq };
      },
    },

    'reuse-detected': {
      async run(input) {
        const last = input.trace.findLast((e) => e.type === 'exchange' && e.stepId === 'reuse-old-refresh-token');
        const reuseStatus = last?.type === 'exchange' ? last.response.status : 0;
        const reuseError = last?.type === 'exchange' ? oauthErrorCode(last.response.body ?? '') : '';
        const reuseRejected = reuseStatus === 400 && reuseError === 'invalid_grant';
        // The newest refresh token, never replayed, dies with the grant.
        const { event, response, body } = await refresh(input, 'refresh_token');
        const pulled = await pullNewServerEvents(env, input, [event]);
        const newestError = oauthErrorCode(body);
        const grantRevoked = response.status === 400 && newestError === 'invalid_grant';
        const result: StepResult<never> = {
          serverSeq: pulled.serverSeq,
          events: [
            recordCheck(env.recorder, 'reuse rejected', { refresh_token: input.learner.previous_refresh_token ?? '', status: reuseStatus, error: reuseError || '(none)' }, reuseRejected, {
              detail: reuseRejected
                ? 'The rotated refresh token was refused with invalid_grant: the server noticed the replay.'
                : 'The server accepted a rotated refresh token: reuse went undetected.',
              rfc: 'RFC 9700 §4.14.2',
            }),
            event,
            ...pulled.events,
            recordCheck(env.recorder, 'whole grant revoked', { refresh_token: input.learner.refresh_token ?? '', status: response.status, error: newestError || '(none)' }, grantRevoked, {
              detail: grantRevoked
                ? 'Even the newest refresh token, never replayed, is refused now: the server revoked the whole grant.'
                : 'The newest refresh token still works: the grant was not revoked.',
              rfc: 'RFC 9700 §4.14.2',
            }),
          ],
        };
        return reuseRejected && grantRevoked
          ? { ...result, message: 'Done: replaying the old refresh token got invalid_grant and revoked the whole grant, so the newest refresh token fails too. Whoever held a copy is locked out; the user must sign in again.' }
          : { ...result, outcome: 'error', message: 'Reuse detection did not behave as RFC 9700 §4.14.2 recommends; see the checks in the Inspector.' };
      },
    },
  };
});
