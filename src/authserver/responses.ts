/**
 * The one place where an error becomes a response, for each kind of route:
 * JSON for back-channel endpoints, a `WWW-Authenticate: Bearer` challenge for the resource
 * server, a redirect to the client for a verified authorization request, and an HTML page
 * for everything a browser shows that must not go back to the client.
 */
import { DPOP_SIGNING_ALGORITHMS } from './checks/dpop-proof';
import { errorBody, REALM, toOAuthError, type OAuthError } from './errors';
import { errorPage } from './html/error-page';
import { html, json, NO_STORE, redirect } from './http';

/** How a kind of route answers errors. */
export type ErrorStyle = 'json' | 'bearer' | 'page';

/** @see RFC 6749 §5.2 */
export function jsonErrorResponse(err: OAuthError): Response {
  return json(errorBody(err), err.status, { ...NO_STORE, ...err.headers });
}

/** What the user reads when a form post to the server's own page cannot be trusted. */
export const FORGED_FORM =
  'The authorization server cannot tell that this form came from its own page, so it does not act on it and does not send you anywhere (RFC 6749 §10.12). Start again from the app or the device.';

/** An error page for the user: the browser is not sent anywhere. @see RFC 6749 §4.1.2.1 */
export function errorPageResponse(err: OAuthError, explanation?: string): Response {
  return html(errorPage(err.error, err.error_description, explanation), err.status, 'error page', err.headers);
}

/** Where a resource's challenge sends a client to learn about it. @see RFC 9728 §5.1 */
export interface ChallengeExtras {
  /** The URL of the resource's protected resource metadata. */
  resource_metadata?: string;
  /** The scheme the client used: a request made with DPoP is answered with a DPoP challenge. */
  scheme?: 'Bearer' | 'DPoP';
}

/**
 * The resource server's challenge. No token at all gets the challenge without an error code.
 * Values are quoted as they are: the error type already keeps them free of `"` and `\`. A DPoP
 * error (or a DPoP-bound token misused) gets a `DPoP` challenge listing the accepted algorithms.
 * @see RFC 6750 §3, §3.1; RFC 9449 §7.1; RFC 9728 §5.1
 */
export function bearerChallengeResponse(err: OAuthError | undefined, scope?: string, extras: ChallengeExtras = {}): Response {
  const metadata = extras.resource_metadata ? [`resource_metadata="${extras.resource_metadata}"`] : [];
  if (!err) {
    return json({ error_description: 'send an access token: Authorization: Bearer <token>' }, 401, {
      'WWW-Authenticate': `Bearer ${[`realm="${REALM}"`, ...metadata].join(', ')}`,
    });
  }
  const parts = [`realm="${REALM}"`, `error="${err.error}"`, `error_description="${err.error_description}"`];
  if (scope) parts.push(`scope="${scope}"`);
  const scheme = extras.scheme === 'DPoP' ? 'DPoP' : err.challenge;
  if (scheme === 'DPoP') parts.push(`algs="${DPOP_SIGNING_ALGORITHMS.join(' ')}"`);
  parts.push(...metadata);
  return json(errorBody(err), err.status, { ...err.headers, 'WWW-Authenticate': `${scheme} ${parts.join(', ')}` });
}

/** Where an authorization response goes, once redirect_uri is verified. */
export interface AuthorizationResponseTarget {
  redirect_uri: string;
  /** `query` for `code`, `fragment` for `token`. @see RFC 6749 §4.1.2, §4.2.2 */
  mode: 'query' | 'fragment';
  state: string | undefined;
  /** @see RFC 9207 §2 */
  iss: string;
}

/** The authorization response: parameters, `state` and `iss` at the client's redirect URI. @see RFC 6749 §4.1.2, §4.2.2; RFC 9207 §2 */
export function authorizationRedirect(target: AuthorizationResponseTarget, params: Record<string, string | undefined>): Response {
  const url = new URL(target.redirect_uri);
  const all = { ...params, state: target.state, iss: target.iss };
  const defined = Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (target.mode === 'query') for (const [name, value] of defined) url.searchParams.append(name, value);
  else url.hash = new URLSearchParams(defined).toString();
  return redirect(url.href);
}

/**
 * An authorization endpoint error: redirected to the client when the request was verified far
 * enough (client and redirect_uri) and the error may be redirected, an error page otherwise.
 * @see RFC 6749 §4.1.2.1, §4.2.2.1
 */
export function authorizationErrorResponse(thrown: unknown, target: AuthorizationResponseTarget | undefined): Response {
  const err = toOAuthError(thrown);
  if (target && err.mayRedirect) return authorizationRedirect(target, { error: err.error, error_description: err.error_description });
  return errorPageResponse(err);
}

/** Any thrown value as the response its kind of route gives. */
export function errorResponse(style: ErrorStyle, thrown: unknown): Response {
  const err = toOAuthError(thrown);
  if (style === 'page') return errorPageResponse(err);
  if (style === 'bearer') return bearerChallengeResponse(err);
  return jsonErrorResponse(err);
}
