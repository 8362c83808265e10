import {
  apiRequest,
  apiResponse,
  authorizationRequest,
  callback,
  checkState,
  loginAndConsent,
  userDecides,
} from './common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/**
 * The ID token check's teaching variant: validate the token against the nonce of another login, as a
 * client would when an attacker injects an ID token issued for someone else's session. @see OIDC Core §3.1.3.7 (11)
 */
export const WRONG_NONCE = { id: 'wrong-nonce', label: 'Validate with another login’s nonce' } as const satisfies StepAction;

/**
 * OpenID Connect sign-in: the Authorization Code flow with PKCE and scope `openid`. The web app gets an
 * ID token that tells it who signed in, validates it itself, reads more claims at the UserInfo endpoint,
 * and keeps sending the access token (never the ID token) to the API.
 * @see OpenID Connect Core 1.0 §3.1
 */
export const openidConnect = {
  slug: 'openid-connect',
  title: 'OpenID Connect sign-in',
  participants: [user, browser, clientApp, { ...authorizationServer, label: 'OpenID provider' }, resourceServer],
  steps: [
    {
      id: 'redirect-to-authorize',
      from: 'Client',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to /oauth/authorize?scope=openid…&nonce=…',
      teaches:
        'The app asks for scope openid and adds a fresh nonce beside state and the PKCE challenge, so the ID token it gets back can be tied to this very login.',
      rfc: 'OIDC Core §3.1.2.1',
      channel: 'front',
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?…&scope=openid&nonce=…',
      teaches: 'Scope openid turns an OAuth authorization request into an OpenID Connect authentication request.',
      rfc: 'OIDC Core §3.1.2.1',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope=openid', 'state', 'nonce', 'code_challenge', 'code_challenge_method=S256'],
    }),
    loginAndConsent({ rfc: 'OIDC Core §3.1.2.3' }),
    userDecides({ rfc: 'OIDC Core §3.1.2.4' }),
    {
      id: 'redirect-with-code',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri?code=…&state=…&iss=…',
      teaches:
        'The provider remembers the nonce, the time the user signed in and the PKCE challenge with the code, and sends the browser back with the code.',
      rfc: 'OIDC Core §3.1.2.5',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback(clientApp.id, {
      teaches: 'The browser delivers the code to the app; who signed in is not in the URL, only in the ID token to come.',
      rfc: 'OIDC Core §3.1.2.5',
    }),
    checkState(clientApp.id),
    {
      id: 'token-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier, client secret)',
      teaches: 'On the back channel the app redeems the code with its secret and its code_verifier, exactly as in OAuth.',
      rfc: 'OIDC Core §3.1.3.1',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'code_verifier'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { id_token, access_token, token_type, expires_in }',
      teaches: 'Beside the access token, the answer carries an ID token: a JWT signed by the provider that says who signed in, when, and for which app.',
      rfc: 'OIDC Core §3.1.3.3',
      channel: 'back',
    },
    {
      id: 'validate-id-token',
      from: 'Client',
      to: 'Client',
      kind: 'check',
      label: 'ID token: signature, iss, aud, exp, iat, nonce, at_hash',
      teaches:
        'The app validates the ID token itself before it trusts it: the provider’s signature, the issuer, itself as audience, the expiry, its own nonce and the hash of the access token.',
      rfc: 'OIDC Core §3.1.3.7',
      actions: [WRONG_NONCE],
    },
    {
      id: 'userinfo-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/userinfo, Authorization: Bearer …',
      teaches: 'For more claims about the user, the app calls the provider’s UserInfo endpoint with the access token.',
      rfc: 'OIDC Core §5.3.1',
      channel: 'back',
    },
    {
      id: 'userinfo-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { sub, name, email, email_verified }',
      teaches: 'The provider answers with the claims the scopes allow; the app uses them only if sub is the one in the ID token.',
      rfc: 'OIDC Core §5.3.2',
      channel: 'back',
    },
    apiRequest({
      teaches: 'The ID token is for the app; the API gets the access token, whose audience and scope are made for it.',
    }),
    apiResponse(),
  ],
  questions: [
    {
      step: 'validate-id-token',
      text: 'The app already checked state when the code came back. What does checking the nonce in the ID token add?',
      options: [
        'Nothing: nonce is another name for state',
        'It proves this ID token was issued for the sign-in this browser started, so a token captured from another sign-in is refused',
        'It proves the ID token has not expired yet',
      ],
      answer: 1,
      explanation:
        'state ties the authorization response, the redirect carrying the code, to the browser session that made the request (RFC 6749 §10.12). The nonce goes further: the authorization server copies it into the ID token, so it ties the token itself to that request. The app keeps the value it sent in the session and refuses an ID token whose nonce claim differs, which stops an ID token issued for another sign-in from being replayed into this one (OpenID Connect Core 1.0 §3.1.3.7, §15.5.2). Expiry is checked separately, on exp.',
    },
    {
      step: 'api-request',
      text: 'The app now calls the Photo API for Alice. Which token does it send?',
      options: ['The ID token, since it says who Alice is', 'The access token, as a Bearer token', 'Both, so the API can check one against the other'],
      answer: 1,
      explanation:
        'The ID token is a statement to the app about the sign-in: its aud is the app’s client_id, and only the app is meant to read it (OpenID Connect Core 1.0 §2, §3.1.3.7). The API is given the access token, which the authorization server issued for that API with its own audience and scopes, in the Authorization header (RFC 6750 §2.1). An API that accepted ID tokens would accept a token issued to any app that signed Alice in.',
    },
  ],
} as const satisfies FlowDefinition;
