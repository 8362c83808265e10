import {
  apiRequest,
  apiResponse,
  authorizationRequest,
  callback,
  checkState,
  loginAndConsent,
  userDecides,
} from './common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from './participants.ts';
import type { FlowDefinition } from './types.ts';

/**
 * Authorization Code grant for a confidential client: a web app whose server keeps a secret.
 * @see RFC 6749 §4.1
 */
export const authorizationCode = {
  slug: 'authorization-code',
  title: 'Authorization Code',
  participants: [
    user,
    browser,
    clientApp,
    authorizationServer,
    resourceServer,
  ],
  steps: [
    {
      id: 'redirect-to-authorize',
      from: 'Client',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to /oauth/authorize?response_type=code&state=…',
      teaches:
        'The app builds the authorization URL (response_type, client_id, redirect_uri, scope, state) and sends the browser there.',
      rfc: 'RFC 6749 §4.1.1',
      channel: 'front',
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?…',
      teaches:
        'The authorization request travels through the browser, so everything in it is visible to the user and must not be secret.',
      rfc: 'RFC 6749 §4.1.1',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state'],
    }),
    loginAndConsent(),
    userDecides(),
    {
      id: 'redirect-with-code',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri?code=…&state=…',
      teaches:
        'The server sends the browser back to the registered redirect_uri with a short-lived, single-use code and the same state.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback(clientApp.id, {
      teaches:
        'The browser delivers the code to the app, but the code alone is useless without the client’s credentials.',
    }),
    checkState(clientApp.id),
    {
      id: 'token-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, client secret)',
      teaches:
        'On the back channel, the app’s server exchanges the code for tokens, authenticating with its client secret.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'verify-code',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'client secret, code unused and unexpired, redirect_uri',
      teaches:
        'The server authenticates the client and checks that the code is its own, unused, unexpired and bound to the same redirect_uri.',
      rfc: 'RFC 6749 §4.1.3',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { access_token, token_type, expires_in }',
      teaches: 'The token response is JSON, never cached, and carries a short-lived access token.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
    apiRequest(),
    apiResponse(),
  ],
  questions: [
    {
      step: 'check-state',
      text: 'The app now compares the returned state with the one it sent. What does this compare protect against?',
      options: [
        'An attacker making the user’s browser deliver the attacker’s own code to the app (cross-site request forgery)',
        'A stolen code being redeemed by someone who does not hold the code_verifier',
        'An ID token being replayed from an earlier sign-in',
      ],
      answer: 0,
      explanation:
        'state ties the redirect back to the request this browser started, so the app only exchanges codes it asked for: a forged callback carrying an attacker’s code fails the compare (RFC 6749 §10.12, §4.1.1). Binding a code to the one client instance that holds the verifier is PKCE’s job (RFC 7636 §1), and binding an ID token to the sign-in is the OpenID Connect nonce’s (OpenID Connect Core §3.1.2.1); the three are easily confused because all are random values sent in the authorization request.',
    },
    {
      step: 'token-request',
      text: 'Suppose the clock moves one hour ahead between the callback and this request. What does the token endpoint answer?',
      options: [
        '200 with tokens: the code was never used, so it is still good',
        '400 with error invalid_grant: the authorization code has expired',
        '401 with error invalid_client: the client secret has expired',
      ],
      answer: 1,
      explanation:
        'An authorization code is short-lived (RFC 6749 §4.1.2 recommends at most 10 minutes; this lab’s codes live one minute), and an expired code is an invalid grant, answered with 400 and error invalid_grant (RFC 6749 §5.2). The client secret does not expire with the clock, so client authentication still succeeds.',
    },
    {
      step: 'verify-code',
      text: 'Which of these does the authorization server check before it issues tokens for this code?',
      options: [
        'Only that the code exists',
        'That the state in the request matches the one in the authorization request',
        'The client’s secret, that the code was issued to this client and is unused and unexpired, and that redirect_uri is the same as in the authorization request',
      ],
      answer: 2,
      explanation:
        'At the token endpoint the server authenticates the confidential client, makes sure the code was issued to that client, is still valid and has not been used, and, because redirect_uri was in the authorization request, that the same value is sent again (RFC 6749 §4.1.3, §10.5). state never reaches the token endpoint: it is the client’s own check, made at the callback.',
    },
    {
      step: 'api-request',
      text: 'Which token does the app send to the API, and how?',
      options: [
        'The refresh token, as a query parameter',
        'The access token, in the Authorization header as Bearer',
        'The authorization code, in the request body',
        'The client secret, in a Basic Authorization header',
      ],
      answer: 1,
      explanation:
        'A resource server accepts the access token, sent in the Authorization request header with the Bearer scheme (RFC 6750 §2.1). The refresh token only ever goes to the authorization server’s token endpoint (RFC 6749 §1.5), the code is spent at the token endpoint, and the client secret authenticates the client to the authorization server, never to the API.',
    },
  ],
} as const satisfies FlowDefinition;
