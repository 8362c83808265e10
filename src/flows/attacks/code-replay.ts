import { authorizationServer, browser, resourceServer, user } from '../participants.ts';
import { attackerCallsApi, attackerGetsTokens } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/** The public single-page app of the PKCE flow, whose code the attacker replays. */
const spa = { id: 'SPA', label: 'Single-page app', kind: 'client' } as const;

/**
 * Authorization code replay: a code the app already redeemed leaks (with the request that redeemed it)
 * and the attacker redeems it again. A code is single use, and a second attempt revokes what the first got.
 * @see RFC 6749 §4.1.2, §10.5
 */
export const codeReplay = {
  slug: 'code-replay',
  title: 'Replaying a used authorization code',
  participants: [user, browser, spa, attacker, authorizationServer, resourceServer],
  steps: [
    {
      id: 'victim-authorizes',
      from: user.id,
      to: authorizationServer.id,
      kind: 'user',
      label: 'Signs in, approves; code comes back',
      teaches: 'The victim signs in to the single-page app as usual; the browser brings a code back to the app.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
    },
    {
      id: 'token-request',
      from: spa.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier)',
      teaches: 'The app redeems the code with its PKCE verifier. This request ends up in a log the attacker can read.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'token-response',
      from: authorizationServer.id,
      to: spa.id,
      kind: 'response',
      label: '200 { access_token, refresh_token }',
      teaches: 'The victim’s app gets its tokens. The code is now used.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
    {
      id: 'attacker-reads-log',
      from: attacker.id,
      to: attacker.id,
      kind: 'check',
      label: 'Reads code and code_verifier from a log',
      teaches: 'The attacker finds the whole token request, code and verifier, in a leaked log or a proxy’s history.',
      rfc: 'RFC 6749 §10.5',
    },
    {
      id: 'replay-code',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (the same code again)',
      teaches: 'The attacker sends the same token request again, from their own machine.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'verify-code',
      from: authorizationServer.id,
      to: authorizationServer.id,
      kind: 'check',
      label: 'code is unused?',
      teaches: 'The defence: a code works once. A second redemption is refused, and the tokens issued from the first are revoked.',
      rfc: 'RFC 6749 §4.1.2, §10.5',
    },
    attackerGetsTokens({ id: 'replay-token-response', teaches: 'Without single use, the server hands the attacker a second set of tokens for the victim’s account.' }),
    ...attackerCallsApi({ teaches: 'The attacker calls the API with the token issued to them.' }),
  ],
  attack: {
    summary: 'The attacker redeems a code the app already used; single use refuses it and revokes the tokens issued from it.',
    defence: { name: 'single use of the authorization code', check: 'code is unused', rfc: 'RFC 6749 §4.1.2, §10.5', step: 'verify-code', side: { labSwitch: 'single-use-code' } },
    breaks: { flow: 'authorization-code', step: 'verify-code' },
  },
  questions: [
    {
      step: 'replay-code',
      text: 'The attacker sends the token endpoint the code the app already redeemed, with its code_verifier. What does the server do?',
      options: [
        'Issues a second set of tokens: the code has not expired yet',
        'Refuses it with invalid_grant and revokes the tokens it issued from that code',
        'Refuses it only if the request comes from another IP address',
      ],
      answer: 1,
      explanation:
        'An authorization code can be redeemed once. When a code comes back a second time the server must refuse the request (invalid_grant) and should revoke the tokens already issued from that code, because it cannot tell which of the two requests was honest (RFC 6749 §4.1.2, §10.5). So a code read from a log is worth nothing once the app has used it, and the reuse even cuts off the tokens the first redemption got.',
    },
  ],
} as const satisfies AttackDefinition;
