/** What the server stores, per namespace. Plain JSON so any store can hold it. */

/** @see RFC 6749 §4.1.2 */
export interface AuthorizationCodeRecord {
  client_id: string;
  /** The redirect_uri the code was sent to. */
  redirect_uri: string;
  /** Whether the authorization request included redirect_uri (then the token request must repeat it). @see RFC 6749 §4.1.3 */
  redirect_uri_in_request: boolean;
  sub: string;
  scope: string;
  code_challenge?: string;
  code_challenge_method?: 'S256' | 'plain';
  /** Epoch ms on the learner's clock. */
  expires_at: number;
  /** Echoed in the ID token. @see OpenID Connect Core 1.0 §3.1.2.1 */
  nonce?: string;
  /** When the user signed in, epoch seconds on the learner's clock. @see OpenID Connect Core 1.0 §2 */
  auth_time?: number;
  /** The resource the tokens are for. @see RFC 8707 §2.1 */
  resource?: string;
}

/** One authorization: everything issued from it dies when it is revoked. */
export interface GrantRecord {
  grant_id: string;
  client_id: string;
  /** The user, or the client itself for client credentials. */
  sub: string;
  scope: string;
  /** The resource its access tokens are for (their `aud`); the lab's API when none was asked for. @see RFC 8707 §2 */
  resource?: string;
  /** The DPoP key a public client's refresh tokens are bound to. @see RFC 9449 §5 */
  jkt?: string;
}

export interface RefreshTokenRecord {
  grant_id: string;
  client_id: string;
  sub: string;
  scope: string;
  issued_at: number;
  expires_at: number;
}

/** @see RFC 8628 §3.2 */
export interface DeviceCodeRecord {
  client_id: string;
  user_code: string;
  scope: string;
  expires_at: number;
  /** Seconds the device must wait between polls; grows by 5 on each slow_down. @see RFC 8628 §3.5 */
  interval: number;
  last_polled_at?: number;
  status: 'pending' | 'approved' | 'denied';
  sub?: string;
  /** Scopes the user approved (may be fewer than requested). */
  granted_scope?: string;
  /** Failed sign-ins on the verification page with this device's user code. @see RFC 8628 §5.1 */
  failed_attempts?: number;
}

/** An anti-CSRF token, issued in one form and good for one submission of it. @see RFC 6749 §10.12 */
export interface FormTokenRecord {
  form: 'consent' | 'device';
  /** What the form is about (the authorization request's parameters), so the token fits no other request. */
  binding: string;
}

/** Wrong user codes entered by one learner in the current window. @see RFC 8628 §5.1 */
export interface UserCodeAttemptsRecord {
  window_started_at: number;
  failures: number;
}

export const key = {
  code: (code: string) => `code:${code}`,
  codeUsed: (code: string) => `code-used:${code}`,
  grant: (grant_id: string) => `grant:${grant_id}`,
  refresh: (token: string) => `refresh:${token}`,
  refreshUsed: (token: string) => `refresh-used:${token}`,
  revokedJti: (jti: string) => `revoked-jti:${jti}`,
  deviceCode: (device_code: string) => `device:${device_code}`,
  userCode: (user_code: string) => `user-code:${user_code}`,
  formToken: (token: string) => `form-token:${token}`,
  formTokenUsed: (token: string) => `form-token-used:${token}`,
  userCodeAttempts: () => 'user-code-attempts',
  /** @see RFC 9126 §2.2 */
  pushedRequest: (request_uri: string) => `par:${request_uri}`,
  pushedRequestUsed: (request_uri: string) => `par-used:${request_uri}`,
  /** @see RFC 9449 §11.1 */
  dpopJti: (jkt: string, jti: string) => `dpop-jti:${jkt}:${jti}`,
  /** @see RFC 9449 §8 */
  dpopNonce: () => 'dpop-nonce',
  /** @see RFC 7591 §3.2.1 */
  registeredClient: (client_id: string) => `client:${client_id}`,
  registrations: () => 'registrations',
};

/** A pushed authorization request, kept until its request_uri is used or expires. @see RFC 9126 §2.2 */
export interface PushedRequestRecord {
  client_id: string;
  /** The request's parameters, as pushed. */
  params: [string, string][];
  expires_at: number;
}
