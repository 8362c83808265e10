/**
 * One error type for every refusal: the RFC `error` code, a description, the HTTP status,
 * extra headers, and whether the error may be sent back to the client at its redirect URI.
 * `responses.ts` turns an error into the response each kind of route gives; anything
 * unexpected becomes `server_error` (logged, never leaked).
 * @see RFC 6749 §5.2 (token endpoint), §4.1.2.1 (authorization endpoint)
 * @see RFC 6750 §3.1 (resource server)
 */

/**
 * The characters `error` and `error_description` may use: printable ASCII without `"` and `\`.
 * @see RFC 6749 §5.2, §4.1.2.1 (`%x20-21 / %x23-5B / %x5D-7E`; `error` itself has no space)
 */
export const ERROR_DESCRIPTION_CHARSET = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;
const ERROR_CODE_CHARSET = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
const OUTSIDE_CHARSET = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;

/**
 * Descriptions name a parameter, never echo its value; should one slip through anyway, every
 * character outside the RFC's set is replaced, so no response can carry it.
 */
export function toErrorDescription(text: string): string {
  return text.replace(OUTSIDE_CHARSET, '?');
}

export interface OAuthErrorOptions {
  status?: number;
  headers?: Record<string, string>;
  /**
   * False when the request itself cannot be trusted (unknown client, unverified redirect_uri,
   * forged form): the user sees an error page and the browser goes nowhere. @see RFC 6749 §4.1.2.1
   */
  mayRedirect?: boolean;
  /** The resource server's challenge scheme for this error (default Bearer). @see RFC 9449 §7.1 */
  challenge?: 'Bearer' | 'DPoP';
}

export class OAuthError extends Error {
  readonly error_description: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly mayRedirect: boolean;
  readonly challenge: 'Bearer' | 'DPoP';

  constructor(
    readonly error: string,
    description: string,
    options: OAuthErrorOptions = {},
  ) {
    if (!ERROR_CODE_CHARSET.test(error)) throw new TypeError('an OAuth error code must be printable ASCII without quotes');
    const error_description = toErrorDescription(description);
    super(`${error}: ${error_description}`);
    this.name = 'OAuthError';
    this.error_description = error_description;
    this.status = options.status ?? 400;
    this.headers = options.headers ?? {};
    this.mayRedirect = options.mayRedirect ?? true;
    this.challenge = options.challenge ?? 'Bearer';
  }
}

/** Realm used in `WWW-Authenticate` challenges. */
export const REALM = 'oauth-sequence-lab';

export const invalidRequest = (description: string, options?: OAuthErrorOptions) => new OAuthError('invalid_request', description, options);

/**
 * 401 when the client authenticated (or tried to); `WWW-Authenticate: Basic` when it used the Authorization header.
 * @see RFC 6749 §5.2
 */
export const invalidClient = (description: string, usedBasic: boolean, options: OAuthErrorOptions = {}) =>
  new OAuthError('invalid_client', description, {
    status: 401,
    headers: usedBasic ? { 'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"` } : {},
    ...options,
  });

export const invalidGrant = (description: string) => new OAuthError('invalid_grant', description);
export const unauthorizedClient = (description: string) => new OAuthError('unauthorized_client', description);
export const unsupportedGrantType = (description: string) => new OAuthError('unsupported_grant_type', description);
export const unsupportedResponseType = (description: string) => new OAuthError('unsupported_response_type', description);
export const invalidScope = (description: string) => new OAuthError('invalid_scope', description);
export const accessDenied = (description: string, options?: OAuthErrorOptions) => new OAuthError('access_denied', description, options);
/** @see OpenID Connect Core §3.1.2.6 */
export const loginRequired = (description: string) => new OAuthError('login_required', description);

/** @see RFC 8628 §3.5 */
export const authorizationPending = () =>
  new OAuthError('authorization_pending', 'the user has not yet approved or denied the request');
export const slowDown = (interval: number) =>
  new OAuthError('slow_down', `polling too fast; wait at least ${interval} seconds between requests`);
export const expiredToken = () => new OAuthError('expired_token', 'the device_code has expired');

/** @see RFC 6750 §3.1 */
export const invalidToken = (description: string) => new OAuthError('invalid_token', description, { status: 401 });
export const insufficientScope = (description: string) => new OAuthError('insufficient_scope', description, { status: 403 });

export const notFound = () => new OAuthError('invalid_request', 'no such endpoint', { status: 404, mayRedirect: false });
export const methodNotAllowed = (allowed: readonly string[]) =>
  new OAuthError('invalid_request', `method not allowed; use ${allowed.join(' or ')}`, {
    status: 405,
    headers: { Allow: allowed.join(', ') },
    mayRedirect: false,
  });
export const payloadTooLarge = (limit: number) =>
  new OAuthError('invalid_request', `request body is larger than ${limit} bytes`, { status: 413, mayRedirect: false });

/** Any thrown value as an OAuthError; unexpected errors are logged and become `server_error`. */
export function toOAuthError(err: unknown): OAuthError {
  if (err instanceof OAuthError) return err;
  console.error('[authserver] unexpected error', err);
  return new OAuthError('server_error', 'the authorization server encountered an unexpected condition', { status: 500, mayRedirect: false });
}

export function errorBody(err: OAuthError): { error: string; error_description: string } {
  return { error: err.error, error_description: err.error_description };
}
