import { authorizationServer, browser, clientApp, resourceServer, user } from './participants.ts';
import type { FlowStep } from './types.ts';

/**
 * Steps that several flows share, written once. Each builder fixes what the step is (its id,
 * who sends it to whom, its kind and channel) and the wording the flows have in common; a flow
 * passes only what it deliberately words for itself, such as its own client or its own RFC
 * section. Keys are built in the same order as a hand-written step, so a flow's data (and its
 * diagram) is the same as if the step were spelled out.
 */

/** What a flow may word for itself. */
interface Wording {
  label?: string;
  teaches?: string;
  rfc?: string;
}

/** The browser carries the authorization request to the authorization endpoint; every flow words it for itself. */
export function authorizationRequest({ label, teaches, rfc, parameters }: Required<Wording> & Pick<FlowStep, 'parameters'>): FlowStep<'authorization-request'> {
  return {
    id: 'authorization-request',
    from: browser.id,
    to: authorizationServer.id,
    kind: 'request',
    label,
    teaches,
    rfc,
    channel: 'front',
    ...(parameters && { parameters }),
  };
}

/** The authorization server shows its login and consent page. @see RFC 6749 §4.1.1 */
export function loginAndConsent({ rfc = 'RFC 6749 §4.1.1' }: Pick<Wording, 'rfc'> = {}): FlowStep<'login-and-consent'> & { showsServerChecks: true } {
  return {
    id: 'login-and-consent',
    from: authorizationServer.id,
    to: user.id,
    kind: 'response',
    label: 'Login and consent page',
    teaches:
      'The authorization server, not the app, authenticates the user and shows which app asks for which scopes.',
    rfc,
    channel: 'front',
    showsServerChecks: true,
  };
}

/** The user logs in and approves or denies on the authorization server. @see RFC 6749 §4.1.2 */
export function userDecides({
  teaches = 'The user types the password only on the authorization server, then approves or denies the request.',
  rfc = 'RFC 6749 §4.1.2',
}: Pick<Wording, 'teaches' | 'rfc'> = {}): FlowStep<'user-decides'> & { decision: true } {
  return {
    id: 'user-decides',
    from: user.id,
    to: authorizationServer.id,
    kind: 'user',
    label: 'Logs in, approves or denies',
    teaches,
    rfc,
    channel: 'front',
    decision: true,
    authenticates: 'user',
  };
}

/** The browser delivers the code to the client's redirect_uri. @see RFC 6749 §4.1.2 */
export function callback(
  client: string,
  { label = 'GET /lab/callback?code=…&state=…', teaches, rfc = 'RFC 6749 §4.1.2' }: Wording & { teaches: string },
): FlowStep<'callback'> {
  return { id: 'callback', from: browser.id, to: client, kind: 'request', label, teaches, rfc, channel: 'front' };
}

/** The client compares the returned state with the one it stored (CSRF protection). @see RFC 6749 §10.12 */
export function checkState(
  client: string,
  {
    teaches = 'The app compares the returned state with the one it stored, so it only redeems codes for requests it started (CSRF protection).',
    rfc = 'RFC 6749 §10.12',
  }: Pick<Wording, 'teaches' | 'rfc'> = {},
): FlowStep<'check-state'> {
  return { id: 'check-state', from: client, to: client, kind: 'check', label: 'state matches the one we sent?', teaches, rfc };
}

/** The client calls the API with its access token. @see RFC 6750 §2.1 */
export function apiRequest({
  client = clientApp.id,
  label = 'GET /api/me, Authorization: Bearer …',
  teaches = 'The app calls the API with the access token in the Authorization header.',
}: Omit<Wording, 'rfc'> & { client?: string } = {}): FlowStep<'api-request'> {
  return {
    id: 'api-request',
    from: client,
    to: resourceServer.id,
    kind: 'request',
    label,
    teaches,
    rfc: 'RFC 6750 §2.1',
    channel: 'back',
  };
}

/** The resource server answers the API call. @see RFC 6750 §3 */
export function apiResponse({
  client = clientApp.id,
  label = '200 { "name": "Alice" … }',
  teaches = 'The resource server validates the token and its scope, then answers.',
  rfc = 'RFC 6750 §3',
}: Wording & { client?: string } = {}): FlowStep<'api-response'> {
  return { id: 'api-response', from: resourceServer.id, to: client, kind: 'response', label, teaches, rfc, channel: 'back' };
}

/** The resource server rejects a token that no longer works. @see RFC 6750 §3.1 */
export function invalidToken({ teaches }: { teaches: string }): FlowStep<'invalid-token'> {
  return {
    id: 'invalid-token',
    from: resourceServer.id,
    to: clientApp.id,
    kind: 'response',
    label: '401 WWW-Authenticate: Bearer error="invalid_token"',
    teaches,
    rfc: 'RFC 6750 §3.1',
    channel: 'back',
  };
}
