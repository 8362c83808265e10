import { apiRequest, apiResponse, authorizationRequest, loginAndConsent, userDecides } from './common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The first step's teaching variant: a modern client may not use response_type=token. @see RFC 9700 §2.1.2 */
export const AS_MODERN_CLIENT = { id: 'as-modern-client', label: 'Ask for a token as the modern spa client' } as const satisfies StepAction;

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
    user,
    browser,
    { ...clientApp, label: 'Client app (JavaScript)' },
    authorizationServer,
    resourceServer,
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
      actions: [AS_MODERN_CLIENT],
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?response_type=token&client_id=legacy-implicit…',
      teaches: 'The request looks like the authorization code request, except for response_type=token.',
      rfc: 'RFC 6749 §4.2.1',
      parameters: ['response_type=token', 'client_id', 'redirect_uri', 'scope', 'state'],
    }),
    loginAndConsent({ rfc: 'RFC 6749 §4.2.1' }),
    userDecides({ rfc: 'RFC 6749 §4.2.1' }),
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
      parameters: ['access_token', 'token_type=Bearer', 'expires_in', 'state', 'iss'],
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
    apiRequest({ teaches: 'The app calls the API with the token it read from the fragment.' }),
    apiResponse({
      teaches:
        'The API cannot tell whether the token came from the app or from whoever copied it, which is why Authorization Code with PKCE replaced this flow.',
      rfc: 'RFC 9700 §2.1.2',
    }),
  ],
  questions: [
    {
      step: 'redirect-with-token',
      text: 'In the implicit flow, how does the access token reach the app?',
      options: [
        'In the URL fragment of the redirect, through the browser',
        'In a back-channel POST from the authorization server to the app’s server',
        'In the token endpoint’s JSON response, after a code exchange',
      ],
      answer: 0,
      explanation:
        'The authorization server puts the access token in the fragment of the redirect URI (RFC 6749 §4.2.2), so it passes through the browser, its history and any script on the page, with no client authentication and no code exchange. That exposure is why current best practice says not to use the implicit grant (RFC 9700 §2.1.2).',
    },
  ],
} as const satisfies FlowDefinition;
