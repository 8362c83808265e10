import { authorizationServer, resourceServer, user } from '../participants.ts';
import { attackerCallsApi, attackerGetsTokens } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/** The public single-page app, whose refresh token the attacker steals. */
const spa = { id: 'SPA', label: 'Single-page app', kind: 'client' } as const;

/**
 * Refresh token replay: the attacker copies a public client's refresh token, the app rotates it, and the
 * attacker presents the old one. Reuse detection treats the second use as theft and revokes the grant.
 * @see RFC 9700 §4.14.2; RFC 6749 §10.4
 */
export const refreshTokenReplay = {
  slug: 'refresh-token-replay',
  title: 'Replaying a rotated refresh token',
  participants: [user, spa, attacker, authorizationServer, resourceServer],
  steps: [
    {
      id: 'victim-signs-in',
      from: user.id,
      to: authorizationServer.id,
      kind: 'user',
      label: 'Signs in; the app gets tokens',
      teaches: 'The victim signs in to the single-page app, which receives an access token and a refresh token.',
      rfc: 'RFC 6749 §4.1',
      channel: 'front',
    },
    {
      id: 'attacker-copies-refresh-token',
      from: attacker.id,
      to: attacker.id,
      kind: 'check',
      label: 'Copies the refresh token',
      teaches: 'An injected script or a leaked backup gives the attacker a copy of the app’s refresh token.',
      rfc: 'RFC 9700 §4.14',
    },
    {
      id: 'client-refreshes',
      from: spa.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token grant_type=refresh_token',
      teaches: 'Later the app refreshes its access token with the refresh token, as usual.',
      rfc: 'RFC 6749 §6',
      channel: 'back',
    },
    {
      id: 'client-gets-new-tokens',
      from: authorizationServer.id,
      to: spa.id,
      kind: 'response',
      label: '200 { access_token, refresh_token (new) }',
      teaches: 'With rotation the app gets a new refresh token, and the one it used is spent.',
      rfc: 'RFC 9700 §4.14.2',
      channel: 'back',
    },
    {
      id: 'attacker-refreshes',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token with the copied (old) refresh token',
      teaches: 'The attacker presents the copy, which the app has already rotated.',
      rfc: 'RFC 6749 §6',
      channel: 'back',
    },
    {
      id: 'verify-refresh-token',
      from: authorizationServer.id,
      to: authorizationServer.id,
      kind: 'check',
      label: 'refresh token already rotated?',
      teaches: 'The defence: a rotated refresh token used again means a copy exists. The server refuses and revokes the whole grant.',
      rfc: 'RFC 9700 §4.14.2',
    },
    attackerGetsTokens({ teaches: 'Without reuse detection the old refresh token still works, and the attacker gets fresh tokens.' }),
    ...attackerCallsApi({ teaches: 'The attacker calls the API with their fresh access token.' }),
  ],
  attack: {
    summary: 'The attacker uses a copy of a refresh token the app has already rotated; reuse detection refuses it and revokes the grant.',
    defence: {
      name: 'refresh token rotation with reuse detection',
      check: 'refresh token rotation',
      rfc: 'RFC 9700 §4.14.2',
      step: 'verify-refresh-token',
      side: { labSwitch: 'refresh-reuse-detection' },
    },
    breaks: { flow: 'refresh-token', step: 'reuse-detected' },
  },
  questions: [
    {
      step: 'attacker-refreshes',
      text: 'The app has already exchanged the refresh token for a new one. The attacker now sends the old copy. What does the server do?',
      options: [
        'Issues new tokens: a refresh token is valid until it expires',
        'Refuses it and lets the app carry on untouched',
        'Refuses it and revokes the whole grant, since a rotated token coming back means it was stolen',
      ],
      answer: 2,
      explanation:
        'With rotation each refresh returns a new refresh token and retires the old one. A retired token coming back means two parties hold it; the server cannot tell which is honest, so it refuses the request (invalid_grant) and revokes the active refresh token of that grant, and the app has to ask the user again (RFC 9700 §4.14.2, RFC 6749 §10.4). The attacker gets nothing, at the price of one extra sign-in.',
    },
  ],
} as const satisfies AttackDefinition;
