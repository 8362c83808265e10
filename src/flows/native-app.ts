import { authorizationRequest, callback, checkState, loginAndConsent, userDecides } from './common-steps.ts';
import { authorizationServer, browser, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The authorization step's teaching variant: the server requires PKCE from public clients. @see RFC 9700 §2.1.1 */
export const WITHOUT_PKCE = { id: 'without-pkce', label: 'Leave out PKCE' } as const satisfies StepAction;

/**
 * Authorization Code with PKCE for a native app (public client `native-app`): the system
 * browser does the login and the code comes back through a loopback redirect.
 * @see RFC 8252
 */
export const nativeApp = {
  slug: 'native-app',
  title: 'Native Apps',
  participants: [
    user,
    { id: 'App', label: 'Native app', kind: 'client' },
    { ...browser, label: 'System browser' },
    authorizationServer,
  ],
  steps: [
    {
      id: 'create-verifier',
      from: 'App',
      to: 'App',
      kind: 'check',
      label: 'code_verifier = random, code_challenge = S256(verifier)',
      teaches:
        'A native app is a public client, so PKCE is required: it makes a fresh code_verifier and its S256 code_challenge for every authorization request.',
      rfc: 'RFC 8252 §8.1',
    },
    {
      id: 'open-loopback-listener',
      from: 'App',
      to: 'App',
      kind: 'check',
      label: 'Listen on http://127.0.0.1:<port>/lab/native-callback',
      teaches:
        'The app opens a listener on the loopback interface on any free port; the server must accept any port for a registered loopback redirect.',
      rfc: 'RFC 8252 §7.3',
    },
    {
      id: 'open-system-browser',
      from: 'App',
      to: 'Browser',
      kind: 'redirect',
      label: 'Open the system browser at /oauth/authorize?…',
      teaches:
        'The app opens the authorization URL in the system browser, not an embedded web view, so it never sees the password and the user gets a real address bar and existing sessions.',
      rfc: 'RFC 8252 §8.12',
      channel: 'front',
      actions: [WITHOUT_PKCE],
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?client_id=native-app&redirect_uri=http://127.0.0.1:<port>/…',
      teaches:
        'The authorization request names the loopback redirect_uri with the port the app chose, plus state and the code_challenge.',
      rfc: 'RFC 8252 §7.3',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256'],
    }),
    loginAndConsent(),
    userDecides({
      teaches: 'The user types the password only in the browser, on the authorization server’s page.',
      rfc: 'RFC 8252 §8.12',
    }),
    {
      id: 'redirect-to-loopback',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to http://127.0.0.1:<port>/lab/native-callback?code=…&state=…',
      teaches:
        'The server redirects to the loopback address, which only an app on this device can listen on; a private-use scheme such as com.example.nativeapp:/callback also works, but another app could claim the same scheme.',
      rfc: 'RFC 8252 §7.1',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback('App', {
      label: 'GET /lab/native-callback?code=…&state=…',
      teaches: 'The browser delivers the code to the app’s loopback listener, which then brings the app back to the front.',
      rfc: 'RFC 8252 §7.3',
    }),
    checkState('App', {
      teaches:
        'The app compares the returned state with the one it stored, so it only redeems codes for requests it started.',
      rfc: 'RFC 8252 §8.9',
    }),
    {
      id: 'token-request',
      from: 'App',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier, redirect_uri)',
      teaches:
        'Any secret shipped inside an app can be extracted from it, so a native app does not authenticate with one and proves possession of the code_verifier instead.',
      rfc: 'RFC 8252 §8.5',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'client_id', 'code_verifier'],
      authenticates: 'none',
    },
    {
      id: 'verify-pkce',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'S256(code_verifier) equals the stored code_challenge?',
      teaches:
        'The server hashes the verifier and compares it with the stored challenge, so a code intercepted by another app on the device cannot be redeemed.',
      rfc: 'RFC 7636 §4.6',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'App',
      kind: 'response',
      label: '200 { access_token, refresh_token, expires_in }',
      teaches: 'The app receives its tokens and keeps the refresh token in the platform’s secure storage.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'redirect-to-loopback',
      text: 'The app registered http://127.0.0.1/lab/native-callback without a port, but it listens on a port chosen at run time. What does the server do?',
      options: [
        'Refuses the request: redirect_uri must match the registered one exactly, port included',
        'Accepts it: for a loopback IP redirect URI the server allows any port',
        'Accepts it, but drops the port and redirects to port 80',
      ],
      answer: 1,
      explanation:
        'A native app cannot know in advance which port the operating system will give its listener, so for loopback IP redirect URIs the authorization server must allow any port at request time while the rest of the URI matches (RFC 8252 §7.3). Every other redirect URI is still compared exactly (RFC 9700 §4.1.1).',
    },
  ],
} as const satisfies FlowDefinition;
