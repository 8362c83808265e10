import type { FlowDefinition } from './types';

/**
 * The legacy Implicit grant, kept only as a lesson: the access token comes back in the
 * redirect's URL fragment. Do not use it; use Authorization Code with PKCE.
 * @see RFC 6749 §4.2
 * @see RFC 9700 §2.1.2
 */
export const implicit = {
  slug: 'implicit',
  title: 'Implicit (legacy)',
  legacy: { useInstead: 'pkce' },
  participants: [
    { id: 'User', label: 'User', kind: 'person' },
    { id: 'Browser', label: 'Browser', kind: 'browser' },
    { id: 'Client', label: 'Client app (JavaScript)', kind: 'client' },
    { id: 'AS', label: 'Authorization server', kind: 'authserver' },
    { id: 'RS', label: 'Resource server', kind: 'resource' },
  ],
  steps: [
    {
      id: 'redirect-to-authorize',
      from: 'Client',
      to: 'Browser',
      kind: 'redirect',
      label: 'Navigate to /oauth/authorize?response_type=token&state=…',
      teaches:
        'The implicit grant was the old pattern for single-page apps: response_type=token asks for the access token itself, not a code; it is deprecated and should no longer be used.',
      rfc: 'RFC 9700 §2.1.2',
      channel: 'front',
    },
    {
      id: 'authorization-request',
      from: 'Browser',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/authorize?response_type=token&client_id=legacy-implicit…',
      teaches: 'The request looks like the authorization code request, except for response_type=token.',
      rfc: 'RFC 6749 §4.2.1',
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
      rfc: 'RFC 6749 §4.2.1',
      channel: 'front',
    },
    {
      id: 'user-decides',
      from: 'User',
      to: 'AS',
      kind: 'user',
      label: 'Logs in, approves or denies',
      teaches: 'The user types the password only on the authorization server, then approves or denies the request.',
      rfc: 'RFC 6749 §4.2.1',
      channel: 'front',
    },
    {
      id: 'issue-token-unauthenticated',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'no code exchange, no client authentication, no PKCE',
      teaches:
        'The server issues the access token at once, without authenticating the client or receiving any proof, so it cannot tell who will end up using the token.',
      rfc: 'RFC 6749 §10.16',
    },
    {
      id: 'redirect-with-token',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri#access_token=…&token_type=Bearer&state=…',
      teaches:
        'The access token travels in the URL fragment of the redirect, through the browser, where the app can no longer keep it from other eyes.',
      rfc: 'RFC 6749 §4.2.2',
      channel: 'front',
    },
    {
      id: 'load-callback',
      from: 'Browser',
      to: 'Client',
      kind: 'request',
      label: 'GET /lab/callback (the fragment stays in the browser)',
      teaches:
        'The browser never sends the fragment to the server, but the full URL with the token is now part of the page’s address.',
      rfc: 'RFC 6749 §4.2.2',
      channel: 'front',
    },
    {
      id: 'token-in-history',
      from: 'Browser',
      to: 'Browser',
      kind: 'check',
      label: 'access_token kept in the browser history',
      teaches:
        'The URL with the token lands in the browser history, where anyone with access to the browser can find it later.',
      rfc: 'RFC 6819 §4.4.2.2',
    },
    {
      id: 'read-fragment',
      from: 'Client',
      to: 'Client',
      kind: 'check',
      label: 'script reads location.hash',
      teaches:
        'The app reads the token from location.hash, and so can every other script on the page, including an injected one.',
      rfc: 'RFC 9700 §2.1.2',
    },
    {
      id: 'api-request',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/me, Authorization: Bearer …',
      teaches: 'The app calls the API with the token it read from the fragment.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'api-response',
      from: 'RS',
      to: 'Client',
      kind: 'response',
      label: '200 { "name": "Alice" … }',
      teaches:
        'The API cannot tell whether the token came from the app or from whoever copied it, which is why Authorization Code with PKCE replaced this flow.',
      rfc: 'RFC 9700 §2.1.2',
      channel: 'back',
    },
  ],
} as const satisfies FlowDefinition;
