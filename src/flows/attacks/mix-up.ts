import { apiRequest, apiResponse, callback, userDecides } from '../common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from '../participants.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/** The client supports two authorization servers; one of them is the attacker's, on the attacker's origin. */
const client = { ...clientApp, label: 'Client app (two servers)' } as const;
const attackerServer = { ...attacker, label: 'Attacker’s server (other origin)' } as const;
const honestServer = { ...authorizationServer, label: 'Honest authorization server' } as const;

/**
 * Mix-up: the user picks the attacker's authorization server at a client that supports both; the
 * attacker's server sends the browser on to the honest one, which issues the code; the client, still
 * believing it talks to the attacker's server, redeems the code there, together with its PKCE verifier
 * (a public client), and the attacker redeems both at the honest server. The client's check of the `iss`
 * authorization response parameter against the issuer it sent the user to stops it.
 * @see RFC 9700 §4.4.1 (mix-up without interception), §4.4.2.1; RFC 9207 §2.4
 */
export const mixUp = {
  slug: 'mix-up',
  title: 'Mix-up: a code sent to the wrong server',
  participants: [user, browser, client, attackerServer, honestServer, resourceServer],
  steps: [
    {
      id: 'attacker-as-metadata',
      from: client.id,
      to: attackerServer.id,
      kind: 'request',
      label: 'GET /.well-known/oauth-authorization-server/attacker-as',
      teaches: 'The user picks the other server the app supports; the app reads its metadata and remembers its issuer for this sign-in.',
      rfc: 'RFC 8414 §3, RFC 9700 §4.4.2',
      channel: 'back',
    },
    {
      id: 'redirect-to-attacker-as',
      from: client.id,
      to: browser.id,
      kind: 'redirect',
      label: '302 to the attacker’s /authorize?client_id=spa&code_challenge=…',
      teaches: 'The app sends the browser to the chosen server’s authorization endpoint, with state and a PKCE challenge, as it would to any server.',
      rfc: 'RFC 6749 §4.1.1, RFC 7636 §4.3',
      channel: 'front',
    },
    {
      id: 'authorization-request',
      from: browser.id,
      to: attackerServer.id,
      kind: 'request',
      label: 'GET /attacker-as/oauth/authorize?…',
      teaches: 'The authorization request reaches the attacker’s server, which now knows the app’s client_id, redirect_uri, state and challenge.',
      rfc: 'RFC 9700 §4.4.1',
      channel: 'front',
    },
    {
      id: 'attacker-redirects',
      from: attackerServer.id,
      to: browser.id,
      kind: 'redirect',
      label: '302 to the honest /oauth/authorize, same query',
      teaches: 'The attacker’s server sends the browser straight on to the honest server, every parameter unchanged: the app’s client_id is the same at both.',
      rfc: 'RFC 9700 §4.4.1',
      channel: 'front',
    },
    {
      id: 'honest-authorization-request',
      from: browser.id,
      to: honestServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize?client_id=spa…',
      teaches: 'To the honest server this is an ordinary request from the app: it shows its own login and consent page.',
      rfc: 'RFC 6749 §4.1.1',
      channel: 'front',
      showsServerChecks: true,
    },
    userDecides({
      teaches: 'The user signs in at the honest server and approves the app. Only a watchful user would notice it is not the server they picked.',
    }),
    {
      id: 'redirect-with-code',
      from: honestServer.id,
      to: browser.id,
      kind: 'redirect',
      label: '302 to /lab/callback?code=…&state=…&iss=(honest)',
      teaches: 'The honest server issues the code and names itself in iss.',
      rfc: 'RFC 6749 §4.1.2, RFC 9207 §2',
      channel: 'front',
      showsServerChecks: true,
    },
    callback(client.id, {
      label: 'GET /lab/callback?code=…&state=…&iss=…',
      teaches: 'The code reaches the app in the session where it remembered the attacker’s server. state matches: this is the app’s own request.',
    }),
    {
      id: 'check-iss',
      from: client.id,
      to: client.id,
      kind: 'check',
      label: 'iss = the issuer we sent the user to?',
      teaches: 'The defence: the app compares iss with the issuer it stored for this request. They differ, so it stops before any token request.',
      rfc: 'RFC 9207 §2.4',
    },
    {
      id: 'token-request-to-attacker',
      from: client.id,
      to: attackerServer.id,
      kind: 'request',
      label: 'POST /attacker-as/oauth/token (code, code_verifier)',
      teaches: 'Without the check, the app redeems the code where it believes it came from: at the attacker’s token endpoint, with its code_verifier.',
      rfc: 'RFC 9700 §4.4.1, RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'attacker-token-request',
      from: attackerServer.id,
      to: honestServer.id,
      kind: 'request',
      label: 'POST /oauth/token (the victim’s code, code_verifier)',
      teaches: 'The attacker redeems what the app sent at the honest server, as the public client, with the same redirect_uri.',
      rfc: 'RFC 6749 §4.1.3, RFC 7636 §4.5',
      channel: 'back',
    },
    {
      id: 'attacker-gets-tokens',
      from: honestServer.id,
      to: attackerServer.id,
      kind: 'response',
      label: '200 { access_token } for the attacker',
      teaches: 'Every check passes, PKCE included: the attacker presents the very verifier the app made.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
    apiRequest({
      client: attackerServer.id,
      label: 'GET /api/me, Authorization: Bearer (stolen)',
      teaches: 'The attacker calls the API with the victim’s token.',
    }),
    apiResponse({
      client: attackerServer.id,
      teaches: 'The API answers the attacker with the victim’s data.',
    }),
  ],
  attack: {
    summary:
      'The attacker’s server passes the user on to the honest one and receives the code the app redeems at the wrong token endpoint; the app’s iss check refuses the response.',
    defence: { name: 'the client’s iss check', check: 'iss matches', rfc: 'RFC 9207 §2.4, RFC 9700 §4.4.2.1', step: 'check-iss', side: 'client' },
    breaks: { flow: 'authorization-code', step: 'check-state' },
  },
  questions: [
    {
      step: 'check-iss',
      text: 'state matches, but iss names the honest server while the app sent the user to the attacker’s. What should the app do?',
      options: [
        'Redeem the code at the honest server, since iss says it issued the code',
        'Stop: the response does not come from the server the app sent the user to, so it must not go on with this code',
        'Redeem the code at the attacker’s server, the one the user picked',
      ],
      answer: 1,
      explanation:
        'The app must compare iss with the issuer of the server it sent the authorization request to, stored for this request, and reject the response when they differ, without going on to any token request (RFC 9207 §2.4, RFC 9700 §4.4.2.1). A matching state proves only that this browser started the request (RFC 6749 §10.12); it says nothing about which server answered. Redeeming at the server iss names would trust a response the app never asked that server for.',
    },
    {
      step: 'attacker-token-request',
      text: 'The app used PKCE. Why does the honest server redeem the attacker’s request?',
      options: [
        'It does not: PKCE refuses a code redeemed by anyone but the app',
        'The app sent its code_verifier to the attacker’s token endpoint together with the code, so the attacker presents the right one',
        'The attacker’s server can compute the verifier from the code_challenge',
      ],
      answer: 1,
      explanation:
        'PKCE proves that whoever redeems the code holds the verifier whose SHA-256 is the challenge (RFC 7636 §4.6), and seeing the S256 challenge does not give away the verifier (RFC 7636 §7.2). In a mix-up the app itself hands code and verifier to the token endpoint of the server it believes it used, so for a public client the attacker simply redeems them (RFC 9700 §4.4.1). Only the app’s own check of iss stops it (RFC 9700 §4.4.2.1).',
    },
  ],
} as const satisfies AttackDefinition;
