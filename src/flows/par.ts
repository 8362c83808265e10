import {
  apiRequest,
  apiResponse,
  callback,
  checkState,
  loginAndConsent,
  userDecides,
} from './common-steps.ts';
import { authorizationServer, browser, clientApp, resourceServer, user } from './participants.ts';
import type { FlowDefinition } from './types.ts';

/**
 * Pushed Authorization Requests: the web app sends its authorization request to the server on the
 * back channel, authenticated, and the browser carries only `client_id` and the `request_uri` it got.
 * The demo client is registered with `require_pushed_authorization_requests`.
 * @see RFC 9126
 */
export const par = {
  slug: 'par',
  title: 'Pushed Authorization Requests',
  participants: [user, browser, clientApp, authorizationServer, resourceServer],
  steps: [
    {
      id: 'push-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/par (response_type, redirect_uri, scope, state, code_challenge…)',
      teaches:
        'Instead of putting the authorization request in a URL, the app POSTs it to the pushed authorization request endpoint, authenticating as it would at the token endpoint.',
      rfc: 'RFC 9126 §2.1',
      channel: 'back',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'verify-pushed-request',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'client authenticated, request valid?',
      teaches:
        'The server authenticates the client and checks the request as its authorization endpoint would (redirect_uri, scope, PKCE) before the user is involved.',
      rfc: 'RFC 9126 §2.1',
    },
    {
      id: 'push-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '201 { request_uri: "urn:ietf:params:oauth:request_uri:…", expires_in }',
      teaches: 'The server keeps the request and answers with a reference to it that expires within a minute or so.',
      rfc: 'RFC 9126 §2.2',
      channel: 'back',
    },
    {
      id: 'redirect-to-authorize',
      from: 'Client',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to /oauth/authorize?client_id=…&request_uri=…',
      teaches: 'The browser carries only client_id and the request_uri: nothing it sees can be read or changed to alter the request.',
      rfc: 'RFC 9126 §4',
      channel: 'front',
    },
    {
      id: 'authorization-request',
      from: 'Browser',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/authorize?client_id=…&request_uri=…',
      teaches: 'The server looks up the pushed request by its request_uri, checks it belongs to this client and has not expired, and uses it as the request.',
      rfc: 'RFC 9126 §4',
      channel: 'front',
      parameters: ['client_id', 'request_uri'],
    },
    loginAndConsent(),
    userDecides(),
    {
      id: 'redirect-with-code',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri?code=…&state=…&iss=…',
      teaches: 'The answer is the ordinary authorization response, sent to the redirect_uri of the pushed request.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback(clientApp.id, {
      teaches: 'The browser delivers the code and state to the app.',
    }),
    checkState(clientApp.id),
    {
      id: 'token-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier, client secret)',
      teaches: 'The code is redeemed as in any authorization code flow, with the client’s secret and the PKCE verifier.',
      rfc: 'RFC 6749 §4.1.3',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'code_verifier'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { access_token, token_type, expires_in }',
      teaches: 'The tokens carry exactly what the pushed request asked for.',
      rfc: 'RFC 6749 §5.1',
      channel: 'back',
    },
    apiRequest(),
    apiResponse(),
    {
      id: 'reuse-request-uri',
      from: 'Browser',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/authorize?client_id=…&request_uri=… again → invalid_request_uri',
      teaches: 'A request_uri works once: opening it again, even seconds later, is refused with invalid_request_uri.',
      rfc: 'RFC 9126 §4',
      channel: 'front',
    },
  ],
  questions: [
    {
      step: 'redirect-to-authorize',
      text: 'The authorization request was pushed and answered with a request_uri. What does the browser now carry to /oauth/authorize?',
      options: [
        'All the parameters again, with request_uri added',
        'Only client_id and request_uri',
        'request_uri and the client secret, so the server knows who pushed it',
      ],
      answer: 1,
      explanation:
        'With PAR the client sends only client_id and the request_uri it received; the authorization server takes every other parameter (redirect_uri, scope, state, code_challenge…) from the request it stored, which the client pushed over the back channel after authenticating (RFC 9126 §4, §2.1). So nothing in the browser’s address bar can be read or changed to alter the request, and no secret ever travels through the browser. The request_uri expires after expires_in seconds and a client uses it only once (RFC 9126 §2.2, §4).',
    },
  ],
} as const satisfies FlowDefinition;
