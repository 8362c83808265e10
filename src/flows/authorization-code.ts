import type { FlowDefinition } from './types';

/**
 * Authorization Code grant for a confidential client: a web app whose server keeps a secret.
 * @see RFC 6749 §4.1
 */
export const authorizationCode = {
  slug: 'authorization-code',
  title: 'Authorization Code',
  participants: [
    { id: 'User', label: 'User', kind: 'person' },
    { id: 'Browser', label: 'Browser', kind: 'browser' },
    { id: 'Client', label: 'Client app', kind: 'client' },
    { id: 'AS', label: 'Authorization server', kind: 'authserver' },
    { id: 'RS', label: 'Resource server', kind: 'resource' },
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
    {
      id: 'authorization-request',
      from: 'Browser',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/authorize?…',
      teaches:
        'The authorization request travels through the browser, so everything in it is visible to the user and must not be secret.',
      rfc: 'RFC 6749 §4.1.1',
      channel: 'front',
    },
    {
      id: 'login-and-consent',
      from: 'AS',
      to: 'User',
      kind: 'response',
      label: 'Login and consent page',
      teaches:
        'The authorization server, not the app, authenticates the user and shows which app asks for which scopes.',
      rfc: 'RFC 6749 §4.1.1',
      channel: 'front',
    },
    {
      id: 'user-decides',
      from: 'User',
      to: 'AS',
      kind: 'user',
      label: 'Logs in, approves or denies',
      teaches: 'The user types the password only on the authorization server, then approves or denies the request.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
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
    },
    {
      id: 'callback',
      from: 'Browser',
      to: 'Client',
      kind: 'request',
      label: 'GET /lab/callback?code=…&state=…',
      teaches:
        'The browser delivers the code to the app, but the code alone is useless without the client’s credentials.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'check-state',
      from: 'Client',
      to: 'Client',
      kind: 'check',
      label: 'state matches the one we sent?',
      teaches:
        'The app compares the returned state with the one it stored, so it only redeems codes for requests it started (CSRF protection).',
      rfc: 'RFC 6749 §10.12',
    },
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
    {
      id: 'api-request',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/me, Authorization: Bearer …',
      teaches: 'The app calls the API with the access token in the Authorization header.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'api-response',
      from: 'RS',
      to: 'Client',
      kind: 'response',
      label: '200 { "name": "Alice" … }',
      teaches: 'The resource server validates the token and its scope, then answers.',
      rfc: 'RFC 6750 §3',
      channel: 'back',
    },
  ],
} as const satisfies FlowDefinition;
