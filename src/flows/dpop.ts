import {
  apiResponse,
  authorizationRequest,
  callback,
  checkState,
  loginAndConsent,
  userDecides,
} from './common-steps.ts';
import { authorizationServer, browser, resourceServer, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The API call's teaching variant: a proof whose `htu` names another URL. @see RFC 9449 §4.3 (9) */
export const PROOF_FOR_ANOTHER_URL = { id: 'proof-for-another-url', label: 'Send a proof made for another URL' } as const satisfies StepAction;

/** The API call's other teaching variant: send the same proof twice; the second time its `jti` is a replay. @see RFC 9449 §11.1 */
export const REPLAYED_PROOF = { id: 'replayed-proof', label: 'Send the same proof twice' } as const satisfies StepAction;

/**
 * DPoP: a single-page app binds its access token to a key pair it made in the browser. Every request
 * carries a fresh proof signed with that key, so a stolen token alone is useless.
 * @see RFC 9449
 */
export const dpop = {
  slug: 'dpop',
  title: 'DPoP: sender-constrained tokens',
  participants: [
    user,
    browser,
    { id: 'SPA', label: 'Single-page app', kind: 'client' },
    authorizationServer,
    resourceServer,
    { id: 'Thief', label: 'Token thief', kind: 'client' },
  ],
  steps: [
    {
      id: 'create-key-pair',
      from: 'SPA',
      to: 'SPA',
      kind: 'check',
      label: 'generateKey(ES256, extractable: false), JWK thumbprint',
      teaches:
        'The app makes a key pair with Web Crypto; the private key cannot be exported, not even by the app’s own scripts, and its public key’s thumbprint will name it.',
      rfc: 'RFC 9449 §2',
    },
    {
      id: 'redirect-to-authorize',
      from: 'SPA',
      to: 'Browser',
      kind: 'redirect',
      label: 'Navigate to /oauth/authorize?code_challenge=…&state=…',
      teaches: 'The authorization request is an ordinary one with PKCE: DPoP starts at the token endpoint.',
      rfc: 'RFC 9449 §5',
      channel: 'front',
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?…&code_challenge_method=S256',
      teaches: 'The browser carries the request to the authorization server as in any code flow with PKCE.',
      rfc: 'RFC 7636 §4.3',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256'],
    }),
    loginAndConsent(),
    userDecides(),
    {
      id: 'redirect-with-code',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri?code=…&state=…&iss=…',
      teaches: 'The server sends the browser back with the code.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback('SPA', {
      teaches: 'The app’s JavaScript reads the code and state from its redirect_uri.',
    }),
    checkState('SPA'),
    {
      id: 'token-request',
      from: 'SPA',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token, DPoP: proof (htm, htu, iat, jti)',
      teaches:
        'The app signs a DPoP proof, a small JWT carrying its public key, the method and URL of this request, the time and a unique id, and sends it in the DPoP header.',
      rfc: 'RFC 9449 §4.2',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'client_id', 'code_verifier', 'DPoP'],
      authenticates: 'none',
    },
    {
      id: 'nonce-required',
      from: 'AS',
      to: 'SPA',
      kind: 'response',
      label: '400 use_dpop_nonce, DPoP-Nonce: …',
      teaches: 'The server wants proofs that cannot have been made in advance: it refuses the first one and hands out a nonce to put in the next.',
      rfc: 'RFC 9449 §8',
      channel: 'back',
    },
    {
      id: 'token-request-with-nonce',
      from: 'SPA',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token, DPoP: proof (…, nonce)',
      teaches: 'The app signs a new proof, with a new jti and the server’s nonce, and sends the token request again.',
      rfc: 'RFC 9449 §8',
      channel: 'back',
    },
    {
      id: 'verify-proof',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'proof signed by its jwk, htm, htu, iat, jti unused, nonce',
      teaches: 'The server checks the proof’s signature with the key inside it, that it was made for this request, just now, only once, with its nonce.',
      rfc: 'RFC 9449 §4.3',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'SPA',
      kind: 'response',
      label: '200 { access_token (cnf.jkt), token_type: "DPoP" }',
      teaches: 'The access token names the key’s thumbprint in its cnf.jkt claim, and its type is DPoP, not Bearer.',
      rfc: 'RFC 9449 §6.1',
      channel: 'back',
    },
    {
      id: 'api-request',
      from: 'SPA',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/photos, Authorization: DPoP …, DPoP: proof (ath)',
      teaches:
        'Each API call gets a fresh proof for its own method and URL, with ath, the hash of the access token, so the proof works with this token only.',
      rfc: 'RFC 9449 §7.1',
      channel: 'back',
      actions: [PROOF_FOR_ANOTHER_URL, REPLAYED_PROOF],
    },
    apiResponse({
      client: 'SPA',
      label: '200 { "photos": [ … ] }',
      teaches: 'The API checks the proof and that its key’s thumbprint is the token’s cnf.jkt, then answers.',
      rfc: 'RFC 9449 §7.1',
    }),
    {
      id: 'stolen-token-request',
      from: 'Thief',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/photos with the stolen token, no proof',
      teaches: 'Someone who copied the access token from a log or a proxy, but not the private key, tries to use it.',
      rfc: 'RFC 9449 §7.1',
      channel: 'back',
    },
    {
      id: 'stolen-token-refused',
      from: 'RS',
      to: 'Thief',
      kind: 'response',
      label: '401 WWW-Authenticate: DPoP error="invalid_token"',
      teaches: 'Without a proof signed by the bound key the token is refused: a stolen DPoP token alone is worthless.',
      rfc: 'RFC 9449 §7.1',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'stolen-token-request',
      text: 'An attacker copied the access token from a request and calls the Photo API with it, without a DPoP proof. What happens?',
      options: [
        'The API serves the photos: the token is valid until it expires',
        'The API refuses it: a DPoP-bound token counts only with a fresh proof signed by the key whose thumbprint it carries, and that key never left the browser',
        'The API serves the photos if the attacker sends the token as a Bearer token instead',
      ],
      answer: 1,
      explanation:
        'The token carries the thumbprint of the app’s public key in cnf.jkt (RFC 9449 §6.1). For every request the API wants a DPoP proof signed by the matching private key, naming this method and URL, recent, and hashing this very token in ath; without one it answers 401 (RFC 9449 §7.1, §4.3). A DPoP-bound token presented as a Bearer token is refused too (RFC 9449 §7.2). The private key was made non-extractable in the browser, so copying the token, or even an old proof, is not enough.',
    },
  ],
} as const satisfies FlowDefinition;
