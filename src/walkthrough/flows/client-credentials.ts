import { ENDPOINTS } from '../../authserver/paths';
import { GRANT_CLIENT_CREDENTIALS } from '../../authserver/seed';
import { clientCredentials as clientCredentialsFlow, WRONG_CLIENT_SECRET } from '../../flows/client-credentials';
import { defineWalkthrough } from '../define';
import { clientCredentials, wrongSecretOf } from '../demo';
import { authenticatedPost, bearerRequest, clientAuthenticationRefused, describeOAuthError, parseJsonObject, tokenResponseFields } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { apiDidNotAnswer, bearerRefusal, learnerTokens, tokenResponseUsable } from '../client-checks';
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

/** What the service records: the token response and the API's answers. */
const fields = ['token_response', 'access_token', 'token_type', 'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'api_status', 'api_response', 'api_www_authenticate'] as const;
type Fields = (typeof fields)[number];

export const clientCredentialsWalkthrough = defineWalkthrough(clientCredentialsFlow, fields, (env) => {
  const client = { client_id: reportingService.client_id, client_secret: reportingService.client_secret };

  /** Calls an API path with the service's access token; the answer is kept for the next steps. */
  const apiRequest = (path: string): StepEffect<Fields, 'api_status' | 'api_response' | 'api_www_authenticate'> => ({
    async run(input) {
      const { event, response, body } = await bearerRequest(env, path, input.learner.access_token ?? '');
      return {
        events: [event],
        learner: { api_status: response.status, api_response: body, api_www_authenticate: response.headers.get('www-authenticate') ?? '' },
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
        const scope = input.learner.scope ?? '';
        const { event, usable } = tokenResponseUsable(env, learnerTokens(input.learner), {
          scope: reportingService.scope,
          usable: `A Bearer access token for scope ${scope}, and no refresh token: the service simply asks again when this one expires.`,
          unusable: 'The response lacks a Bearer access_token with the photos.read scope, or Cache-Control: no-store.',
          rfc: 'RFC 6749 §4.4.3',
        });
        return {
          events: [event],
          ...(usable ? {} : { outcome: 'error' as const, message: 'The token response is not usable; see the check in the Inspector.' }),
        };
      },
    },

    'api-request': apiRequest(ENDPOINTS.apiPhotos),

    'api-response': {
      async run(input) {
        const status = input.learner.api_status ?? 0;
        const photos = parseJsonObject(input.learner.api_response ?? '')?.photos;
        const refused = apiDidNotAnswer(status);
        if (refused) return refused;
        if (!Array.isArray(photos)) return { outcome: 'error', message: 'The API answered 200 without a list of photos.' };
        return { message: `The API returned ${photos.length} photos to the service: its own authority, no user involved.` };
      },
    },

    'api-request-other-scope': apiRequest(ENDPOINTS.apiMe),

    'insufficient-scope': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const status = input.learner.api_status ?? 0;
        const { event, refused, challenge } = bearerRefusal(
          env,
          'API says insufficient_scope',
          { status, wwwAuthenticate: input.learner.api_www_authenticate ?? '' },
          { status: 403, error: 'insufficient_scope' },
          {
            refused: (found) => `403 with error="insufficient_scope": the token is valid but lacks scope ${found?.scope ?? 'profile'}.`,
            accepted: 'The API did not refuse the call for lack of scope.',
          },
        );
        return {
          serverSeq: pulled.serverSeq,
          events: [...pulled.events, event],
          ...(refused
            ? { message: `Done: the service’s token opens ${ENDPOINTS.apiPhotos} (photos.read) but not ${ENDPOINTS.apiMe}, which needs scope ${challenge?.scope ?? 'profile'}.` }
            : { outcome: 'error' as const, message: `Expected 403 with error="insufficient_scope", got ${status}.` }),
        };
      },
    },
  };
});
