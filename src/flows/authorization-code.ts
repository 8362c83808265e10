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
} as const satisfies FlowDefinition;
