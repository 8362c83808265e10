import {
  apiRequest,
  apiResponse,
  authorizationRequest,
  callback,
  checkState,
  loginAndConsent,
  userDecides,
} from './common-steps.ts';
import { authorizationServer, browser, resourceServer, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The token step's teaching variant: the server must refuse a verifier that does not match. @see RFC 7636 §4.6 */
export const WRONG_VERIFIER = { id: 'wrong-code-verifier', label: 'Send a wrong code_verifier' } as const satisfies StepAction;

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
    user,
    browser,
    { id: 'SPA', label: 'Single-page app', kind: 'client' },
    authorizationServer,
    resourceServer,
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
    authorizationRequest({
      label: 'GET /oauth/authorize?…&code_challenge_method=S256',
      teaches:
        'Only the hash travels through the browser, so anyone who sees the request learns nothing that lets them redeem the code.',
      rfc: 'RFC 7636 §4.3',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256'],
    }),
    loginAndConsent(),
    userDecides(),
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
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback('SPA', {
      teaches:
        'The browser loads the app again at its redirect_uri and the app’s JavaScript reads the code and state from the query string.',
    }),
    checkState('SPA', {
      teaches:
        'The app compares the returned state with the one it stored in the tab, so it only redeems codes for requests it started (CSRF protection).',
    }),
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
      actions: [WRONG_VERIFIER],
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'client_id', 'code_verifier'],
      authenticates: 'none',
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
    apiRequest({
      client: 'SPA',
      label: 'GET /api/photos, Authorization: Bearer …',
      teaches:
        'In a single-page app the browser calls the API directly with the access token; the server that delivered the app’s files is never involved.',
    }),
    apiResponse({
      client: 'SPA',
      label: '200 { "photos": [ … ] }',
      teaches: 'The resource server validates the token and its photos.read scope, then answers.',
    }),
  ],
  questions: [
    {
      step: 'verify-pkce',
      text: 'The token request carries code_verifier. What does the server do with it?',
      options: [
        'Compares it with the state sent in the authorization request',
        'Hashes it with SHA-256, base64url-encodes the hash and compares the result with the code_challenge stored with the code',
        'Nothing: a public client has no secret, so the code alone is enough',
      ],
      answer: 1,
      explanation:
        'With the S256 method the server computes BASE64URL(SHA-256(code_verifier)) and compares it with the code_challenge it stored when it issued the code; a mismatch is answered with invalid_grant (RFC 7636 §4.6). So a code stolen on its way back through the browser cannot be redeemed by anyone who does not hold the verifier, which never left the app.',
    },
  ],
} as const satisfies FlowDefinition;
