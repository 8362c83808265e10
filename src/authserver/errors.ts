/**
 * OAuth errors carry the RFC `error` code and the HTTP status; one function turns
 * any thrown value into the RFC JSON body. Anything unexpected becomes `server_error`
 * (logged, never leaked).
 * @see RFC 6749 §5.2 (token endpoint), §4.1.2.1 (authorization endpoint)
 * @see RFC 6750 §3.1 (resource server)
 */

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly error_description: string,
    readonly status = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${error_description}`);
    this.name = 'OAuthError';
  }
}

/** Realm used in `WWW-Authenticate` challenges. */
export const REALM = 'oauth-sequence-lab';

export const invalidRequest = (description: string) => new OAuthError('invalid_request', description);

/**
 * 401 when the client authenticated (or tried to); `WWW-Authenticate: Basic` when it used the Authorization header.
 * @see RFC 6749 §5.2
 */
export const invalidClient = (description: string, usedBasic: boolean) =>
  new OAuthError(
    'invalid_client',
    description,
    401,
    usedBasic ? { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` } : {},
  );

export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);
export const unauthorizedClient = (description: string) => new OAuthError('unauthorized_client', description);
export const unsupportedGrantType = (description: string) => new OAuthError('unsupported_grant_type', description);
export const unsupportedResponseType = (description: string) =>
  new OAuthError('unsupported_response_type', description);
export const invalidScope = (description: string) => new OAuthError('invalid_scope', description);
export const accessDenied = (description: string) => new OAuthError('access_denied', description);

/** @see RFC 8628 §3.5 */
export const authorizationPending = () =>
  new OAuthError('authorization_pending', 'the user has not yet approved or denied the request');
export const slowDown = (interval: number) =>
  new OAuthError('slow_down', `polling too fast; wait at least ${interval} seconds between requests`);
export const expiredToken = () => new OAuthError('expired_token', 'the device_code has expired');

/** @see RFC 6750 §3.1 */
export const invalidToken = (description: string) => new OAuthError('invalid_token', description, 401);
export const insufficientScope = (description: string) => new OAuthError('insufficient_scope', description, 403);

export const notFound = () => new OAuthError('invalid_request', 'no such endpoint', 404);
export const methodNotAllowed = (allowed: readonly string[]) =>
  new OAuthError('invalid_request', `method not allowed; use ${allowed.join(' or ')}`, 405, {
    Allow: allowed.join(', '),
  });
export const payloadTooLarge = (limit: number) =>
  new OAuthError('invalid_request', `request body is larger than ${limit} bytes`, 413);

/** The RFC error body for any thrown value; unexpected errors are logged and become `server_error`. */
export function toOAuthError(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  console.error('[authserver] unexpected error', err);
  return new OAuthError('server_error', 'the authorization server encountered an unexpected condition', 500);
}

export function errorBody(err: OAuthError): { error: string; error_description: string } {
  return { error: err.error, error_description: err.error_description };
}
