import { loginAndConsent, userDecides } from '../common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from '../participants.ts';
import { attackerCallsApi } from './attacker-steps.ts';
import { attacker } from './participants.ts';
import type { AttackDefinition } from './types.ts';

/** The honest browser app, whose callback page loads a script from the attacker's origin. */
const widget = { ...clientApp, label: 'Photo Widget (JavaScript)' } as const;
const victimBrowser = { ...browser, label: 'Victim’s browser' } as const;

/**
 * The implicit grant's token leaks from the URL: a third-party script on the callback page reads it
 * from the fragment and sends it home, and the full address stays in the browser history. The defence
 * is not to put a token in the URL at all: with code and PKCE the same script steals only a code, which
 * the token endpoint refuses without the code_verifier.
 * @see RFC 9700 §2.1.2, §4.2, §4.3; RFC 7636 §4.6
 */
export const implicitTokenLeak = {
  slug: 'implicit-token-leak',
  title: 'A token in the URL leaks',
  participants: [user, victimBrowser, widget, attacker, authorizationServer, resourceServer],
  steps: [
    {
      id: 'client-builds-request',
      from: widget.id,
      to: widget.id,
      kind: 'check',
      label: 'response_type=token, or code + PKCE S256',
      teaches:
        'With the defence off the app asks for the access token itself (the implicit grant); with it on, for a code bound to a PKCE verifier it keeps.',
      rfc: 'RFC 9700 §2.1.2',
    },
    {
      id: 'authorization-request',
      from: victimBrowser.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'GET /oauth/authorize?client_id=photo-widget…',
      teaches: 'The browser carries the request to the authorization endpoint; nothing in it is forged.',
      rfc: 'RFC 6749 §4.1.1, §4.2.1',
      channel: 'front',
    },
    loginAndConsent(),
    userDecides(),
    {
      id: 'redirect-to-callback',
      from: authorizationServer.id,
      to: victimBrowser.id,
      kind: 'redirect',
      label: '302 to /lab/widget-callback#access_token=… (or ?code=…)',
      teaches: 'The answer travels in the URL: the access token in the fragment (implicit), or the code in the query.',
      rfc: 'RFC 6749 §4.1.2, §4.2.2',
      channel: 'front',
    },
    {
      id: 'load-callback',
      from: victimBrowser.id,
      to: widget.id,
      kind: 'request',
      label: 'GET /lab/widget-callback (the fragment stays in the browser)',
      teaches: 'The browser requests the page without the fragment, but the whole address, fragment included, is now the page’s own.',
      rfc: 'RFC 9110 §7.1',
      channel: 'front',
    },
    {
      id: 'url-in-history',
      from: victimBrowser.id,
      to: victimBrowser.id,
      kind: 'check',
      label: 'The address, token or code included, stays in the history',
      teaches: 'The browser keeps the address as it arrived in its history, where anyone with the device can find it later.',
      rfc: 'RFC 9700 §4.3',
    },
    {
      id: 'load-script',
      from: victimBrowser.id,
      to: attacker.id,
      kind: 'request',
      label: 'GET /attacker/script.js (Referer: the address without its fragment)',
      teaches: 'The page loads a script from the attacker’s origin. Its request carries a Referer: the query may leak there, the fragment never does.',
      rfc: 'RFC 9700 §4.2.1',
      channel: 'front',
    },
    {
      id: 'script-sends-url',
      from: victimBrowser.id,
      to: attacker.id,
      kind: 'request',
      label: 'script.js sends location.href home',
      teaches: 'The script runs with the page’s rights: it reads the full address, fragment included, and sends it to the attacker.',
      rfc: 'RFC 9700 §4.2.4',
      channel: 'front',
    },
    {
      id: 'attacker-token-request',
      from: attacker.id,
      to: authorizationServer.id,
      kind: 'request',
      label: 'POST /oauth/token (stolen code, no code_verifier)',
      teaches: 'Only a code needs redeeming: the attacker sends it to the token endpoint, without the verifier that stayed in the app.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
    },
    {
      id: 'verify-pkce',
      from: authorizationServer.id,
      to: authorizationServer.id,
      kind: 'check',
      label: 'SHA-256(code_verifier) = code_challenge?',
      teaches: 'The defence: a code issued with a PKCE challenge is redeemed only with its verifier, which never travelled in a URL.',
      rfc: 'RFC 7636 §4.6',
    },
    ...attackerCallsApi({
      teaches: 'With the implicit grant the stolen value is the access token itself: the attacker calls the API with it.',
      answer: 'The API cannot tell who presents a bearer token: it answers the attacker with the victim’s data.',
    }),
  ],
  attack: {
    summary:
      'A script from another origin on the callback page reads the token from the URL fragment and sends it home; with code and PKCE it gets only a code the token endpoint refuses without the verifier.',
    defence: {
      name: 'code with PKCE instead of the implicit grant',
      check: 'PKCE S256 verifier',
      rfc: 'RFC 9700 §2.1.2, RFC 7636 §4.6',
      step: 'verify-pkce',
      side: 'client',
    },
    breaks: { flow: 'implicit', step: 'read-fragment' },
  },
  questions: [
    {
      step: 'load-script',
      text: 'The token is in the URL fragment, and the page loads a script from another origin. Does the fragment reach the attacker’s server in the Referer of that request?',
      options: [
        'Yes: the Referer carries the page’s full address',
        'No: a browser never puts the fragment in a Referer, but the script itself can read location.hash and send it',
        'No: a script from another origin cannot read the page’s address',
      ],
      answer: 1,
      explanation:
        'A Referer never includes the fragment (RFC 9110 §10.1.3), so the token does not travel there; a code in the query can, under a referrer policy that sends the full address (RFC 9700 §4.2.1). But a script the page includes runs with the page’s own rights, whatever origin it came from, and reads location.href with the fragment. That is why the page that receives the authorization response should include no third-party resources (RFC 9700 §4.2.4), and why clients should not use the implicit grant at all (RFC 9700 §2.1.2).',
    },
    {
      step: 'verify-pkce',
      text: 'With code and PKCE, the same script steals the code from the callback URL and the attacker redeems it at once. What happens?',
      options: [
        'The attacker gets tokens: the code is fresh and unused',
        'The token endpoint refuses it with invalid_grant: the code was issued with a code_challenge, and the attacker has no code_verifier',
        'The authorization server notices that the request comes from another origin',
      ],
      answer: 1,
      explanation:
        'The code alone is not enough: the server stored the code_challenge with it and redeems it only for the code_verifier whose SHA-256 hash matches (RFC 7636 §4.6). The verifier stayed in the app and never appeared in a URL, so binding the code to PKCE is one of the countermeasures RFC 9700 §4.2.4 lists against codes leaking from the URL.',
    },
  ],
} as const satisfies AttackDefinition;
