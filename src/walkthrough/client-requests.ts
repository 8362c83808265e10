import { basicAuthorization, type WalkthroughEnv } from './env';
import type { CheckEvent } from '../trace/events';
import type { LearnerFields } from './types';
import { recordCheck, recordedFetch, type ClientEvent, type RecordedFetchResult } from './recorder';
import { oauthErrorAnswer, parseWire, tokenAnswer } from './wire';

/**
 * The requests a client app makes on the back channel, recorded for the Inspector:
 * token endpoint calls with client authentication, bearer calls to the API, and reading
 * the answers (JSON bodies, RFC 6750 challenges).
 */

/** Client credentials for `client_secret_basic`. */
export interface ConfidentialClient {
  client_id: string;
  client_secret: string;
}

/** Parses a JSON object; null for anything else. */
export function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The learner data fields a token response fills in. @see RFC 6749 §5.1 */
export type TokenField = 'access_token' | 'token_type' | 'expires_in' | 'refresh_token' | 'scope';

/** The fields of a token response the app keeps, as learner data, each with its real type. @see RFC 6749 §5.1 */
export type TokenResponseFields = Partial<Pick<LearnerFields, TokenField>>;

/** Reads the token response fields; a body that is not a token response gives none. @see RFC 6749 §5.1 */
export function tokenResponseFields(text: string): TokenResponseFields {
  const tokens = parseWire(tokenAnswer, text);
  if (!tokens) return {};
  const { access_token, token_type, expires_in, refresh_token, scope } = tokens;
  return {
    access_token,
    token_type,
    ...(expires_in === undefined ? {} : { expires_in }),
    ...(refresh_token === undefined ? {} : { refresh_token }),
    ...(scope === undefined ? {} : { scope }),
  };
}

/** The `error` code of an RFC 6749 §5.2 error body ('' when there is none). */
export function oauthErrorCode(text: string): string {
  return parseWire(oauthErrorAnswer, text)?.error ?? '';
}

/** "invalid_grant (the refresh token was already used…)" from an RFC 6749 §5.2 error body. */
export function describeOAuthError(text: string, status: number): string {
  const answer = parseWire(oauthErrorAnswer, text);
  if (!answer) return `HTTP ${status}`;
  return answer.error_description === undefined ? answer.error : `${answer.error} (${answer.error_description})`;
}

/**
 * POST to an endpoint of the authorization server with `client_secret_basic`. @see RFC 6749 §2.3.1
 *
 * `expectRefusal`: the request is meant to fail client authentication. The server then answers 401 with
 * `WWW-Authenticate: Basic` (RFC 6749 §5.2), and a browser that sent cookies with the request would prompt
 * the user for a password (Fetch Standard, HTTP-network-or-cache fetch, 401 handling). So such a request is
 * sent without cookies, as the app's back end would send it: the server files it under the shared namespace,
 * and the Inspector shows the app's own record of it.
 */
export function authenticatedPost(
  env: WalkthroughEnv,
  path: string,
  client: ConfidentialClient,
  params: Record<string, string>,
  options: { expectRefusal?: boolean } = {},
): Promise<RecordedFetchResult> {
  return recordedFetch(
    env.fetch,
    env.recorder,
    `${env.origin}${path}`,
    {
      method: 'POST',
      headers: { Authorization: basicAuthorization(client.client_id, client.client_secret), Accept: 'application/json' },
      body: new URLSearchParams(params),
      ...(options.expectRefusal ? { credentials: 'omit' as const } : {}),
    },
    { server: 'authserver', channel: 'back' },
  );
}

/** GET an API path with `Authorization: Bearer`. @see RFC 6750 §2.1 */
export function bearerRequest(env: WalkthroughEnv, path: string, accessToken: string): Promise<RecordedFetchResult> {
  return recordedFetch(
    env.fetch,
    env.recorder,
    `${env.origin}${path}`,
    { method: 'GET', headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } },
    { server: 'resource', channel: 'back' },
  );
}

/** The app's own record of a refused client authentication: status, error and challenge. @see RFC 6749 §5.2 */
export function clientAuthenticationRefused(env: WalkthroughEnv, result: RecordedFetchResult): ClientEvent & CheckEvent {
  const challenge = result.response.headers.get('www-authenticate');
  const error = oauthErrorCode(result.body);
  return recordCheck(
    env.recorder,
    'client authenticated',
    { status: result.response.status, error: error || '(none)', 'www-authenticate': challenge ?? '(missing)' },
    false,
    {
      detail:
        result.response.status === 401
          ? `401 invalid_client${challenge ? ` with WWW-Authenticate: ${challenge}` : ''}: the server did not accept the client's secret, so it issues nothing.`
          : `The server refused the client (${result.response.status}).`,
      rfc: 'RFC 6749 §5.2',
    },
  );
}

/**
 * The auth-params of a `WWW-Authenticate` challenge, e.g. `{ scheme: "Bearer", error: "invalid_token" }`.
 * @see RFC 6750 §3, RFC 9110 §11.6.1
 */
export function parseChallenge(header: string | null | undefined): Record<string, string> | null {
  if (!header) return null;
  const scheme = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(header);
  if (!scheme) return null;
  const params: Record<string, string> = { scheme: scheme[1]! };
  for (const match of header.slice(scheme[0].length).matchAll(/([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[match[1]!.toLowerCase()] = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]!;
  }
  return params;
}
