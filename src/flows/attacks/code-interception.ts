import { loginAndConsent, userDecides } from '../common-steps.ts';
import { authorizationServer, browser, resourceServer, user } from '../participants.ts';
import { attackerCallsApi, attackerGetsTokens } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/** The honest native app, and the attacker's app installed beside it, claiming the same redirect. */
const nativeApp = { id: 'App', label: 'Native app', kind: 'client' } as const;
const attackerApp = { ...attacker, label: 'Attacker’s app (same redirect)' } as const;

/**
 * Authorization code interception: a malicious app on the same device registers for the honest native
 * app's custom scheme (or listens on its loopback port), receives the redirect with the code and redeems
 * it. PKCE S256 binds the code to a verifier only the honest app has.
 * @see RFC 7636 §1; RFC 8252 §8.1
 */
export const codeInterception = {
  slug: 'code-interception',
  title: 'Intercepting a native app’s code',
  participants: [user, { ...browser, label: 'System browser' }, nativeApp, attackerApp, authorizationServer, resourceServer],
  steps: [
    {
      id: 'create-verifier',
      from: nativeApp.id,
      to: nativeApp.id,
      kind: 'check',
      label: 'code_verifier = random, code_challenge = S256',
      teaches: 'The honest app makes a PKCE pair and keeps the verifier to itself.',
      rfc: 'RFC 7636 §4.1, §4.2',
    },
    {
      id: 'authorization-request',
      from: browser.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize?code_challenge=…',
      teaches: 'The app opens the system browser at the authorization endpoint, with the code_challenge.',
      rfc: 'RFC 8252 §6',
      channel: 'front',
    },
    loginAndConsent(),
    userDecides(),
    {
      id: 'attacker-app-gets-code',
      from: browser.id,
      to: attackerApp.id,
      kind: 'redirect',
      label: 'Redirect with code, handed to the attacker’s app',
      teaches: 'The operating system delivers the redirect to the other app that claimed the same scheme: the attacker now has the code.',
      rfc: 'RFC 7636 §1',
      channel: 'front',
    },
    {
      id: 'attacker-token-request',
      from: attackerApp.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (code, no code_verifier)',
      teaches: 'The attacker’s app redeems the code as the public client it was issued to; it has no verifier.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'verify-pkce',
      from: authorizationServer.id,
      to: authorizationServer.id,
      kind: 'check',
      label: 'SHA-256(code_verifier) = code_challenge?',
      teaches: 'The defence: the server requires the verifier whose hash is the challenge; the interceptor cannot produce it.',
      rfc: 'RFC 7636 §4.6',
    },
    attackerGetsTokens({ teaches: 'Without the verifier check the intercepted code is as good as the honest app’s.' }),
    ...attackerCallsApi({ teaches: 'The attacker’s app calls the API with the victim’s token.' }),
  ],
  attack: {
    summary: 'An app claiming the same redirect intercepts the code and redeems it; PKCE S256 at the token endpoint refuses it without the verifier.',
    defence: { name: 'PKCE S256 at the token endpoint', check: 'PKCE S256 verifier', rfc: 'RFC 7636 §1, §4.6, RFC 8252 §8.1', step: 'verify-pkce', side: { labSwitch: 'pkce-required' } },
    breaks: { flow: 'native-app', step: 'verify-pkce' },
  },
  questions: [
    {
      step: 'attacker-token-request',
      text: 'The attacker’s app redeems the intercepted code without the code_verifier. What refuses it?',
      options: [
        'The redirect URI check: the attacker’s app is registered with another one',
        'The client secret: the attacker’s app does not know it',
        'PKCE at the token endpoint: the code was issued with a code_challenge, and only the verifier that hashes to it redeems the code',
      ],
      answer: 2,
      explanation:
        'A native app is a public client with no secret, and another app on the device can claim the same redirect and receive the code (RFC 8252 §8.1, RFC 7636 §1). The authorization server stored the code_challenge with the code; at the token endpoint it hashes the code_verifier with SHA-256 and compares, and a missing or wrong verifier is refused with invalid_grant (RFC 7636 §4.6). The verifier never left the genuine app, so the stolen code is useless.',
    },
  ],
} as const satisfies AttackDefinition;
