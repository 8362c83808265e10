import { ENDPOINTS } from '../../authserver/paths';
import { GRANT_CLIENT_CREDENTIALS } from '../../authserver/seed';
import { clientCredentials as clientCredentialsFlow, WRONG_CLIENT_SECRET } from '../../flows/client-credentials';
import { defineWalkthrough } from '../define';
import { clientCredentials, wrongSecretOf } from '../demo';
import { authenticatedPost, bearerRequest, clientAuthenticationRefused, describeOAuthError, parseChallenge, parseJsonObject, tokenResponseFields } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { recordCheck } from '../recorder';
import { pullServerEventsThrough } from '../trace-pull';
import type { StepEffect } from '../types';

/**
 * The Client Credentials grant, played for real: the confidential client `reporting-service`
 * authenticates with HTTP Basic, gets a token for itself (no user, no browser) and calls the API.
 * @see RFC 6749 §4.4
 */

/** The demo service, as seeded on the server, and what the walk-through asks for. */
export const reportingService = {
  ...clientCredentials('reporting-service'),
  scope: 'photos.read',
} as const;

export const clientCredentialsWalkthrough = defineWalkthrough(clientCredentialsFlow, (env) => {
  const client = { client_id: reportingService.client_id, client_secret: reportingService.client_secret };

  /** Calls an API path with the service's access token; the answer is kept for the next steps. */
  const apiRequest = (path: string): StepEffect => ({
    async run(input) {
      const { event, response, body } = await bearerRequest(env, path, input.learner.access_token ?? '');
      return {
        events: [event],
        learner: { api_status: String(response.status), api_response: body, api_www_authenticate: response.headers.get('www-authenticate') ?? '' },
      };
    },
  });

  return {
    'token-request': {
      async run(input) {
        const wrongSecret = input.action === WRONG_CLIENT_SECRET.id;
        const result = await authenticatedPost(
          env,
          ENDPOINTS.token,
          wrongSecret ? wrongSecretOf(client) : client,
          { grant_type: GRANT_CLIENT_CREDENTIALS, scope: reportingService.scope },
          { expectRefusal: wrongSecret },
        );
        const { event, response, body } = result;
        if (!response.ok) {
          const pulled = await pullNewServerEvents(env, input, [event]);
          const challenge = response.headers.get('www-authenticate');
          return {
            events: [event, ...pulled.events, ...(response.status === 401 ? [clientAuthenticationRefused(env, result)] : [])],
            serverSeq: pulled.serverSeq,
            outcome: 'error',
            message: `The token endpoint refused: ${response.status} ${describeOAuthError(body, response.status)}${challenge ? `, with WWW-Authenticate: ${challenge}` : ''}. A client that authenticated with Basic gets 401 and a challenge (RFC 6749 §5.2).`,
          };
        }
        return {
          events: [event],
          learner: { ...tokenResponseFields(body), token_response: body, token_cache_control: response.headers.get('cache-control') ?? '' },
        };
      },
    },

    'authenticate-client': {
      async run(input) {
        // The server checked everything at once; show its client authentication now and the scope check next.
        return pullServerEventsThrough(env, input, (event) => event.type === 'check' && event.name === 'client authentication');
      },
    },

    'token-response': {
      async run(input) {
        const { access_token = '', token_type = '', scope = '', refresh_token } = input.learner;
        const cacheControl = input.learner.token_cache_control ?? '';
        const usable = access_token !== '' && token_type.toLowerCase() === 'bearer' && scope.split(' ').includes(reportingService.scope) && /\bno-store\b/i.test(cacheControl);
        return {
          events: [
            recordCheck(
              env.recorder,
              'token response usable',
              { token_type, expires_in: input.learner.expires_in ?? '(missing)', scope, refresh_token: refresh_token ?? '(none)', 'cache-control': cacheControl || '(missing)', access_token },
              usable,
              {
                detail: usable
                  ? `A Bearer access token for scope ${scope}, and no refresh token: the service simply asks again when this one expires.`
                  : 'The response lacks a Bearer access_token with the photos.read scope, or Cache-Control: no-store.',
                rfc: 'RFC 6749 §4.4.3',
              },
            ),
          ],
          ...(usable ? {} : { outcome: 'error' as const, message: 'The token response is not usable; see the check in the Inspector.' }),
        };
      },
    },

    'api-request': apiRequest(ENDPOINTS.apiPhotos),

    'api-response': {
      async run(input) {
        const status = Number(input.learner.api_status);
        const photos = parseJsonObject(input.learner.api_response ?? '')?.photos;
        if (status !== 200 || !Array.isArray(photos)) {
          return { outcome: 'error', message: `The API answered ${status}; see its WWW-Authenticate header in the Inspector (RFC 6750 §3).` };
        }
        return { message: `The API returned ${photos.length} photos to the service: its own authority, no user involved.` };
      },
    },

    'api-request-other-scope': apiRequest(ENDPOINTS.apiMe),

    'insufficient-scope': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const status = Number(input.learner.api_status);
        const header = input.learner.api_www_authenticate ?? '';
        const challenge = parseChallenge(header);
        const refused = status === 403 && challenge?.error === 'insufficient_scope';
        return {
          serverSeq: pulled.serverSeq,
          events: [
            ...pulled.events,
            recordCheck(env.recorder, 'API says insufficient_scope', { status, 'www-authenticate': header || '(missing)', needed_scope: challenge?.scope ?? '(not named)' }, refused, {
              detail: refused
                ? `403 with error="insufficient_scope": the token is valid but lacks scope ${challenge?.scope ?? 'profile'}.`
                : 'The API did not refuse the call for lack of scope.',
              rfc: 'RFC 6750 §3.1',
            }),
          ],
          ...(refused
            ? { message: `Done: the service’s token opens ${ENDPOINTS.apiPhotos} (photos.read) but not ${ENDPOINTS.apiMe}, which needs scope ${challenge?.scope ?? 'profile'}.` }
            : { outcome: 'error' as const, message: `Expected 403 with error="insufficient_scope", got ${status}.` }),
        };
      },
    },
  };
});
