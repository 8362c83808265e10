import { apiRequest, apiResponse, invalidToken } from './common-steps.ts';
import { authorizationServer, clientApp, resourceServer } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** Moves the learner's clock on the server an hour ahead, so the access token expires (a teaching hook of this site). */
export const ADVANCE_CLOCK = { id: 'advance-clock', label: 'Advance clock 1 hour' } as const satisfies StepAction;

/**
 * Short-lived access tokens with a long-lived authorization: the refresh token grant,
 * with rotation and reuse detection.
 * @see RFC 6749 §6
 * @see RFC 9700 §4.14.2
 */
export const refreshToken = {
  slug: 'refresh-token',
  title: 'Refresh Tokens',
  participants: [
    { id: 'Learner', label: 'Learner', kind: 'person' },
    clientApp,
    authorizationServer,
    resourceServer,
  ],
  steps: [
    {
      id: 'holds-tokens',
      from: 'Client',
      to: 'Client',
      kind: 'check',
      label: 'Holds an access token (10 min) and a refresh token',
      teaches:
        'After an authorization code flow the app holds a short-lived access token for the API and a long-lived refresh token that stands for the user’s grant.',
      rfc: 'RFC 6749 §1.5',
    },
    apiRequest(),
    apiResponse({ teaches: 'While the access token is unexpired the resource server accepts it.' }),
    {
      id: 'advance-clock',
      from: 'Learner',
      to: 'AS',
      kind: 'user',
      label: 'Advance the clock by 1 hour',
      teaches:
        'Access tokens expire after minutes (expires_in), so a leaked one is useful only briefly; the lab lets you skip ahead in time to see it happen.',
      rfc: 'RFC 6749 §5.1',
      actions: [ADVANCE_CLOCK],
    },
    {
      id: 'api-request-expired',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/me with the expired access token',
      teaches: 'The app does not need to track expiry perfectly: the API tells it when the token no longer works.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    invalidToken({
      teaches:
        'An expired token is answered with 401 and error="invalid_token" in the WWW-Authenticate header, the signal to refresh.',
    }),
    {
      id: 'refresh-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token grant_type=refresh_token',
      teaches:
        'The app sends the refresh token to the token endpoint (with its client authentication, if it has any) to get a new access token without asking the user again.',
      rfc: 'RFC 6749 §6',
      channel: 'back',
      parameters: ['grant_type=refresh_token', 'refresh_token'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'verify-refresh-token',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'refresh token active, issued to this client, scope not widened',
      teaches:
        'The server checks that the refresh token is active and bound to this client, and never grants more scope than the user approved.',
      rfc: 'RFC 6749 §6',
    },
    {
      id: 'refresh-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { access_token, refresh_token (new) }',
      teaches:
        'With rotation the server answers with a new refresh token as well and invalidates the one just used.',
      rfc: 'RFC 9700 §4.14.2',
      channel: 'back',
    },
    {
      id: 'api-request-refreshed',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/me with the new access token',
      teaches: 'The new access token works at the API like the first one did.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'api-response-refreshed',
      from: 'RS',
      to: 'Client',
      kind: 'response',
      label: '200 { "name": "Alice" … }',
      teaches: 'The user was never asked again: a long-lived authorization, served by short-lived tokens.',
      rfc: 'RFC 6750 §3',
      channel: 'back',
    },
    {
      id: 'reuse-old-refresh-token',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token with the old refresh token (replayed)',
      teaches:
        'If a rotated refresh token is presented again, someone holds a copy, and the server cannot tell whether it is the app or an attacker.',
      rfc: 'RFC 9700 §4.14.2',
      channel: 'back',
      parameters: ['grant_type=refresh_token', 'refresh_token'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'reuse-detected',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '400 invalid_grant, the whole grant is revoked',
      teaches:
        'On reuse the server rejects the request with invalid_grant and revokes the whole grant, so the newest refresh token stops working too.',
      rfc: 'RFC 9700 §4.14.2',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'api-request-expired',
      text: 'The clock has moved one hour ahead and the access token lived ten minutes. What does the API answer?',
      options: [
        '200: the API does not check expiry, only the signature',
        '401 with WWW-Authenticate: Bearer error="invalid_token"',
        '400 with error invalid_grant',
      ],
      answer: 1,
      explanation:
        'An expired access token is an invalid token: the resource server answers 401 with a WWW-Authenticate Bearer challenge carrying error="invalid_token" (RFC 6750 §3.1). invalid_grant is the token endpoint’s answer, not the API’s (RFC 6749 §5.2). The app then uses its refresh token.',
    },
    {
      step: 'reuse-old-refresh-token',
      text: 'Refresh tokens rotate. What happens when the old refresh token is sent again?',
      options: [
        'The server issues new tokens again, as for the first refresh',
        'The server refuses it with invalid_grant and revokes the whole grant, the new refresh token included',
        'The server ignores the request and returns an empty 200',
      ],
      answer: 1,
      explanation:
        'With rotation each refresh token is used once; a second use means that two parties hold it, so the server cannot tell the attacker from the app and revokes the active refresh token of the grant as well (RFC 9700 §4.14.2). The refusal itself is invalid_grant (RFC 6749 §5.2).',
    },
  ],
} as const satisfies FlowDefinition;
