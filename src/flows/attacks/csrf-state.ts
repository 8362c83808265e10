import { apiRequest, apiResponse, checkState } from '../common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer } from '../participants.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/**
 * Login CSRF, or code injection into the victim's callback: the attacker authorizes the honest app with
 * their own account, keeps the code, and makes the victim's browser deliver it to the app. Only the app's
 * state check tells that answer from one to a request it started.
 * @see RFC 6749 §10.12; RFC 9700 §4.7
 */
export const csrfState = {
  slug: 'csrf-state',
  title: 'Login CSRF and the state check',
  participants: [attacker, { ...browser, label: 'Victim’s browser' }, clientApp, authorizationServer, resourceServer],
  steps: [
    {
      id: 'attacker-authorization-request',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize?client_id=web-app&state=…',
      teaches: 'The attacker starts an ordinary sign-in to the honest app, in their own browser, with a state of their own.',
      rfc: 'RFC 6749 §4.1.1',
      channel: 'front',
    },
    {
      id: 'attacker-signs-in',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'user',
      label: 'Signs in as mallory, approves',
      teaches: 'The attacker signs in with their own account and approves: nothing here is forged.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'attacker-keeps-code',
      from: authorizationServer.id,
      to: attacker.id,
      kind: 'redirect',
      label: '302 to /lab/callback?code=… (kept)',
      teaches: 'The server sends back a code for the attacker’s account. The attacker keeps it instead of letting the app redeem it.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'attacker-lures-victim',
      from: attacker.id,
      to: browser.id,
      kind: 'response',
      label: 'Page that loads /lab/callback?code=(attacker’s)',
      teaches: 'A page on the attacker’s origin sends the victim’s browser to the app’s callback, carrying the attacker’s code.',
      rfc: 'RFC 9700 §4.7',
      channel: 'front',
    },
    {
      id: 'forged-callback',
      from: browser.id,
      to: clientApp.id,
      kind: 'request',
      label: 'GET /lab/callback?code=(attacker’s)&state=…',
      teaches: 'To the app this looks like any authorization response: a code and a state at its redirect URI.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    checkState(clientApp.id, {
      teaches: 'The defence: the app compares the state with the one it stored for this browser. It started no sign-in here, so nothing matches.',
      rfc: 'RFC 6749 §10.12',
    }),
    {
      id: 'token-request',
      from: clientApp.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (the attacker’s code)',
      teaches: 'Without the state check, the app redeems the injected code with its own client secret.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'verify-code',
      from: authorizationServer.id,
      to: authorizationServer.id,
      kind: 'check',
      label: 'client secret, code unused, redirect_uri',
      teaches: 'Every server check passes: the code is genuine, unused and issued to this very app. The server cannot tell.',
      rfc: 'RFC 6749 §4.1.3',
    },
    {
      id: 'token-response',
      from: authorizationServer.id,
      to: clientApp.id,
      kind: 'response',
      label: '200 { access_token } for mallory',
      teaches: 'The app now holds an access token for the attacker’s account, in the victim’s session.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
    apiRequest({ teaches: 'The app calls the API for the victim, with the attacker’s token.' }),
    apiResponse({
      label: '200 { "name": "Mallory" … }',
      teaches: 'The API answers with the attacker’s account: the victim is signed in as Mallory, and what they save goes to the attacker.',
    }),
  ],
  attack: {
    summary:
      'The attacker plants a code for their own account in the victim’s session; the app’s state check is what refuses it.',
    defence: { name: 'the client’s state check', check: 'state matches', rfc: 'RFC 6749 §10.12, RFC 9700 §4.7', step: 'check-state', side: 'client' },
    breaks: { flow: 'authorization-code', step: 'check-state' },
  },
  questions: [
    {
      step: 'check-state',
      text: 'The victim’s browser brings the app a callback with the attacker’s code. What stops the attack?',
      options: [
        'The app: the state in the callback is not the value it stored in this browser’s session, so it refuses the callback',
        'The authorization server: the code belongs to another user, so it refuses to redeem it',
        'Nothing: the code is valid and issued to this app',
      ],
      answer: 0,
      explanation:
        'The code is genuine, issued to this app for the attacker’s account, so the token endpoint would redeem it. Only the app can tell that this browser never started the request: it binds each authorization request to the browser session with an unguessable state and refuses a callback whose state differs from the one it kept (RFC 6749 §10.12, RFC 9700 §4.7.1). PKCE binds the code to the session too, when the server enforces it (RFC 9700 §4.7.1).',
    },
  ],
} as const satisfies AttackDefinition;
