import { loginAndConsent } from '../common-steps.ts';
import { authorizationServer, browser, resourceServer, user } from '../participants.ts';
import { attackerCallsApi, attackerGetsTokens } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/**
 * redirect_uri tampering: the server matches redirect URIs by prefix or pattern, so the attacker sends the
 * victim to the real authorization endpoint with a redirect_uri of their own that still "matches" the
 * client's loose registration, and the code lands on the attacker's page.
 * @see RFC 6749 §3.1.2.3, §10.6; RFC 9700 §4.1
 */
export const redirectUriTampering = {
  slug: 'redirect-uri-tampering',
  title: 'Tampering with redirect_uri',
  participants: [user, { ...browser, label: 'Victim’s browser' }, attacker, authorizationServer, resourceServer],
  steps: [
    {
      id: 'attacker-builds-link',
      from: attacker.id,
      to: attacker.id,
      kind: 'check',
      label: 'Authorization URL for share-app, redirect_uri = attacker’s page',
      teaches: 'The attacker builds a genuine authorization request for the honest app, with a redirect_uri on the attacker’s own origin and a PKCE pair of their own.',
      rfc: 'RFC 9700 §4.1.1',
    },
    {
      id: 'authorization-request',
      from: browser.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize?redirect_uri=(attacker’s)…',
      teaches: 'The defence: the server compares redirect_uri with the registered ones by exact string match, and refuses to redirect anywhere else.',
      rfc: 'RFC 6749 §3.1.2.3, RFC 9700 §4.1',
      channel: 'front',
    },
    loginAndConsent(),
    {
      id: 'user-decides',
      from: user.id,
      to: authorizationServer.id,
      kind: 'user',
      label: 'Signs in, approves the honest app',
      teaches: 'The consent page names the honest app, so the victim approves: nothing on it shows where the code will go.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
      decision: true,
    },
    {
      id: 'code-to-attacker',
      from: authorizationServer.id,
      to: attacker.id,
      kind: 'redirect',
      label: '302 to the attacker’s page?code=…',
      teaches: 'The server redirects the victim’s browser to the tampered redirect_uri: the code arrives on the attacker’s page.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'attacker-token-request',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier)',
      teaches: 'The attacker redeems the code as the public client, with the verifier they made and the same redirect_uri.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    attackerGetsTokens({ teaches: 'Every check at the token endpoint passes: PKCE proves only that the redeemer started the request, and the attacker did.' }),
    ...attackerCallsApi({ teaches: 'The attacker calls the API with the victim’s token.' }),
  ],
  attack: {
    summary: 'A loosely matched redirect_uri sends the victim’s code to the attacker’s page; exact string matching refuses it.',
    defence: {
      name: 'exact redirect_uri matching',
      check: 'redirect_uri matches',
      rfc: 'RFC 6749 §3.1.2.3, RFC 9700 §4.1',
      step: 'authorization-request',
      side: { labSwitch: 'exact-redirect-uri' },
    },
    breaks: { flow: 'authorization-code', step: 'authorization-request' },
  },
  questions: [
    {
      step: 'authorization-request',
      text: 'The link names share-app but a redirect_uri on the attacker’s page. What stops the code from going there?',
      options: [
        'The authorization server compares redirect_uri with the registered ones as exact strings and, with no match, shows an error instead of redirecting',
        'The victim reads the address on the consent page and declines',
        'The app’s state check, when the code comes back',
      ],
      answer: 0,
      explanation:
        'The authorization server must compare the redirect_uri with the client’s registered ones by exact string matching (RFC 9700 §4.1.3, §2.1); prefix or pattern matching is what lets an attacker’s page slip through. When the redirect_uri does not match, the server must not redirect at all: it tells the user on its own error page (RFC 6749 §3.1.2.3, §4.1.2.1). The app’s state check cannot help, since the code never reaches the app.',
    },
  ],
} as const satisfies AttackDefinition;
