import type { FlowDefinition } from './types';

/**
 * Authorization Code with PKCE for a single-page app: a public client (`spa`) that runs
 * entirely in the browser, has no secret, and calls the API directly.
 * @see RFC 7636
 * @see RFC 9700 §2.1.1
 */
export const pkce = {
  slug: 'pkce',
  title: 'Authorization Code with PKCE',
  participants: [
    { id: 'User', label: 'User', kind: 'person' },
    { id: 'Browser', label: 'Browser', kind: 'browser' },
    { id: 'SPA', label: 'Single-page app', kind: 'client' },
    { id: 'AS', label: 'Authorization server', kind: 'authserver' },
    { id: 'RS', label: 'Resource server', kind: 'resource' },
  ],
  steps: [
    {
      id: 'create-verifier',
      from: 'SPA',
      to: 'SPA',
      kind: 'check',
      label: 'code_verifier = random, code_challenge = BASE64URL(SHA-256(verifier))',
      teaches:
        'For every request the app makes a fresh high-entropy code_verifier with Web Crypto and derives the S256 code_challenge from it; the verifier never leaves the tab.',
      rfc: 'RFC 7636 §4.1',
    },
    {
      id: 'redirect-to-authorize',
      from: 'SPA',
      to: 'Browser',
      kind: 'redirect',
      label: 'Navigate to /oauth/authorize?code_challenge=…&state=…',
      teaches:
        'The app sends the browser to the authorization endpoint with client_id=spa, redirect_uri, scope, state and the code_challenge with code_challenge_method=S256.',
      rfc: 'RFC 7636 §4.3',
      channel: 'front',
    },
    {
      id: 'authorization-request',
      from: 'Browser',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/authorize?…&code_challenge_method=S256',
      teaches:
        'Only the hash travels through the browser, so anyone who sees the request learns nothing that lets them redeem the code.',
      rfc: 'RFC 7636 §4.3',
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
      label: '302 to redirect_uri?code=…&state=…&iss=…',
      teaches:
        'The server stores the code_challenge with the code it issues and sends the browser back to the registered redirect_uri with the code, the state and its issuer.',
      rfc: 'RFC 7636 §4.4',
      channel: 'front',
    },
    {
      id: 'callback',
      from: 'Browser',
      to: 'SPA',
      kind: 'request',
      label: 'GET /lab/callback?code=…&state=…',
      teaches:
        'The browser loads the app again at its redirect_uri and the app’s JavaScript reads the code and state from the query string.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'check-state',
      from: 'SPA',
      to: 'SPA',
      kind: 'check',
      label: 'state matches the one we sent?',
      teaches:
        'The app compares the returned state with the one it stored in the tab, so it only redeems codes for requests it started (CSRF protection).',
      rfc: 'RFC 6749 §10.12',
    },
    {
      id: 'token-request',
      from: 'SPA',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier, no secret)',
      teaches:
        'An app whose code is downloaded to every visitor cannot keep a secret, so it proves it started the request by sending the code_verifier instead.',
      rfc: 'RFC 7636 §4.5',
      channel: 'back',
    },
    {
      id: 'verify-pkce',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'BASE64URL(SHA-256(code_verifier)) equals the stored code_challenge?',
      teaches:
        'The server hashes the verifier and compares it with the challenge it stored with the code, so a stolen code is useless without the verifier.',
      rfc: 'RFC 7636 §4.6',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'SPA',
      kind: 'response',
      label: '200 { access_token, refresh_token, expires_in }',
      teaches:
        'The app keeps the tokens in memory rather than localStorage, where any injected script could read them, and gets a short-lived access token and a rotating refresh token.',
      rfc: 'RFC 9700 §4.14.2',
      channel: 'back',
    },
    {
      id: 'api-request',
      from: 'SPA',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/photos, Authorization: Bearer …',
      teaches:
        'In a single-page app the browser calls the API directly with the access token; the server that delivered the app’s files is never involved.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'api-response',
      from: 'RS',
      to: 'SPA',
      kind: 'response',
      label: '200 { "photos": [ … ] }',
      teaches: 'The resource server validates the token and its photos.read scope, then answers.',
      rfc: 'RFC 6750 §3',
      channel: 'back',
    },
  ],
} as const satisfies FlowDefinition;
