import { LAB_SWITCHES } from '../../authserver/lab-switches.ts';
import { authorizationServer, browser, resourceServer, user } from '../participants.ts';
import { attackerCallsApi, attackerGetsTokens } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/**
 * Clickjacking: the attacker's page frames the authorization server's consent page invisibly over a
 * decoy button, so the victim's click on the decoy is a click on "Approve" for the attacker's own app.
 * The consent page's framing policy (`frame-ancestors 'self'`, `X-Frame-Options: SAMEORIGIN`) makes the
 * browser refuse to render it under another origin.
 * @see RFC 6749 §10.13; RFC 9700 §4.16
 */
export const clickjacking = {
  slug: 'clickjacking',
  title: 'Clickjacking the consent page',
  participants: [user, { ...browser, label: 'Victim’s browser' }, attacker, authorizationServer, resourceServer],
  steps: [
    {
      id: 'attacker-builds-link',
      from: attacker.id,
      to: attacker.id,
      kind: 'check',
      label: 'Authorization URL for prize-draw, redirect_uri = attacker’s page',
      teaches: 'The attacker builds a genuine authorization request for their own registered app, whose redirect_uri is the attacker’s page, with a PKCE pair of their own.',
      rfc: 'RFC 6749 §4.1.1',
    },
    {
      id: 'decoy-page',
      from: attacker.id,
      to: browser.id,
      kind: 'response',
      label: 'Decoy page: “Claim your prize”, consent page framed invisibly on top',
      teaches: 'The victim opens the attacker’s page. It frames the authorization server’s consent page, nearly transparent, exactly over its prize button.',
      rfc: 'RFC 6749 §10.13',
      channel: 'front',
    },
    {
      id: 'framed-consent',
      from: browser.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize in a hidden frame',
      teaches: 'The defence: the consent page allows only its own site as frame ancestor (frame-ancestors, X-Frame-Options), so the browser refuses to render it inside the attacker’s page.',
      rfc: 'RFC 9700 §4.16',
      channel: 'front',
    },
    {
      id: 'victim-clicks',
      from: user.id,
      to: authorizationServer.id,
      kind: 'user',
      label: 'Clicks “Claim your prize”: the hidden Approve',
      teaches: 'The victim clicks the button they see; the click goes to the invisible page on top, and the consent form posts from the authorization server’s own page.',
      rfc: 'RFC 6749 §10.13',
      channel: 'front',
      decision: true,
    },
    {
      id: 'code-to-attacker',
      from: authorizationServer.id,
      to: attacker.id,
      kind: 'redirect',
      label: '302 to the attacker’s page?code=…',
      teaches: 'Every server check passes, since the form is genuine; the code goes to the registered redirect_uri of the attacker’s app.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'attacker-token-request',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier)',
      teaches: 'The attacker redeems the code as the public client it was issued to, with the verifier they made.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    attackerGetsTokens({ teaches: 'The token endpoint has nothing to refuse: the user approved this app, as far as the server can tell.' }),
    ...attackerCallsApi({ teaches: 'The attacker calls the API with the token the victim’s click granted.', held: 'tricked' }),
  ],
  attack: {
    summary: 'The attacker’s page hides the consent page under a decoy button, so the victim’s click approves the attacker’s app; a framing policy on the consent page makes the browser refuse to render it there.',
    defence: {
      name: 'the consent page’s frame-ancestors policy',
      check: LAB_SWITCHES['consent-frame-ancestors'].check,
      rfc: 'RFC 6749 §10.13, RFC 9700 §4.16',
      step: 'framed-consent',
      side: { labSwitch: 'consent-frame-ancestors' },
    },
    breaks: { flow: 'authorization-code', step: 'login-and-consent' },
    needsSecondOrigin:
      'Its defence, frame-ancestors \'self\', lets a frame from the consent page’s own origin in, so with the attacker’s page on this site’s origin the decoy would be allowed either way.',
  },
  questions: [
    {
      step: 'framed-consent',
      text: 'The attacker’s page frames the consent page under a prize button. What keeps the victim’s click from approving?',
      options: [
        'The anti-CSRF token in the consent form: the attacker cannot know it',
        'The consent page’s answer allows only its own site as frame ancestor, so the browser does not render it inside the attacker’s page',
        'The redirect_uri check: the code would go to the attacker’s page',
      ],
      answer: 1,
      explanation:
        'The click happens inside the authorization server’s own page, so its anti-CSRF token and origin checks all pass, and the attacker’s app is registered with that very redirect_uri. Only the browser can refuse, and only if the page tells it to: the authorization server must keep other origins from framing its pages, with the Content-Security-Policy directive frame-ancestors (or X-Frame-Options in older browsers) (RFC 9700 §4.16, RFC 6749 §10.13).',
    },
  ],
} as const satisfies AttackDefinition;
