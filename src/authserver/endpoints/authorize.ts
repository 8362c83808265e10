import { checkCodeChallenge, type CodeChallengeMethod } from '../checks/pkce';
import { checkRedirectUri } from '../checks/redirect-uri';
import { checkResponseType, type ResponseType } from '../checks/response-type';
import { checkRequestedScope } from '../checks/scope';
import { authenticateUser } from '../checks/user-authentication';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { accessDenied, invalidRequest, OAuthError, toOAuthError } from '../errors';
import { errorPage } from '../html/error-page';
import { loginConsentPage } from '../html/login-consent';
import { html, mediaType, Params, redirect } from '../http';
import { opaqueToken } from '../random';
import { key, type AuthorizationCodeRecord } from '../records';
import { findClient, type DemoClient } from '../seed';
import { createGrant, tokenResponse } from '../tokens';

/** The parameters of an authorization request; each may appear at most once. @see RFC 6749 §3.1 */
const AUTHORIZATION_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'prompt',
] as const;

/** Values of `prompt` understood here. @see OpenID Connect Core §3.1.2.1 */
const PROMPT_VALUES = ['none', 'login', 'consent'];

interface AuthorizationRequest {
  client: DemoClient;
  redirect_uri: string;
  redirect_uri_in_request: boolean;
  response_type: ResponseType;
  scopes: string[];
  state?: string;
  code_challenge?: string;
  code_challenge_method?: CodeChallengeMethod;
  /** The raw parameters, posted back unchanged by the consent form. */
  raw: Record<string, string | undefined>;
}

/** An error that must be shown to the user, never redirected. @see RFC 6749 §4.1.2.1 */
class ErrorPage {
  constructor(readonly error: OAuthError) {}
}

/** An error sent back to the client at its (verified) redirect_uri. */
class ErrorRedirect {
  constructor(
    readonly error: OAuthError,
    readonly redirect_uri: string,
    readonly mode: 'query' | 'fragment',
    readonly state: string | undefined,
  ) {}
}

function errorPageResponse(error: OAuthError, status = 400): Response {
  return html(errorPage(error.error, error.error_description), status, 'error page');
}

/**
 * Builds the authorization response URL: parameters in the query for `code`, in the fragment for `token`.
 * Every response carries `iss`. @see RFC 6749 §4.1.2, §4.2.2; RFC 9207 §2
 */
function responseUrl(redirect_uri: string, mode: 'query' | 'fragment', params: Record<string, string | undefined>): string {
  const url = new URL(redirect_uri);
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (mode === 'query') for (const [name, value] of defined) url.searchParams.append(name, value);
  else url.hash = new URLSearchParams(defined).toString();
  return url.href;
}

function redirectWithError(ctx: RequestContext, e: ErrorRedirect): Response {
  return redirect(
    responseUrl(e.redirect_uri, e.mode, {
      error: e.error.error,
      error_description: e.error.error_description,
      state: e.state,
      iss: ctx.issuer,
    }),
  );
}

/**
 * Validates an authorization request in the RFC's order: first what decides whether we may redirect
 * at all (client_id, redirect_uri), then everything else, whose errors are redirected.
 * @see RFC 6749 §4.1.1, §4.1.2.1
 */
function validate(ctx: RequestContext, params: Params): AuthorizationRequest {
  let client: DemoClient | undefined;
  let redirect_uri: string;
  try {
    const client_id = params.get('client_id');
    client = findClient(client_id);
    recordCheck(ctx, {
      name: 'client is registered',
      rfc: 'RFC 6749 §4.1.2.1',
      inputs: { client_id: client_id ?? null },
      pass: client !== undefined,
      detail: client ? `${client.client_name}.` : 'No client is registered with this client_id.',
    });
    if (client_id === undefined) throw invalidRequest('client_id is missing');
    if (!client) throw new OAuthError('invalid_client', `unknown client_id "${client_id}"`);
    redirect_uri = checkRedirectUri(ctx, client, params.get('redirect_uri'));
  } catch (err) {
    throw new ErrorPage(toOAuthError(err));
  }
  // The response mode follows the response_type the client is registered for.
  const mode = params.getAll('response_type')[0] === 'token' && client.response_types.includes('token') ? 'fragment' : 'query';
  const stateValues = params.getAll('state');
  const state = stateValues.length === 1 ? stateValues[0] : undefined;
  try {
    const duplicated = params.duplicated().filter((name) => (AUTHORIZATION_PARAMETERS as readonly string[]).includes(name));
    if (duplicated.length > 0) throw invalidRequest(`${duplicated.join(', ')} included more than once`);
    const response_type = checkResponseType(ctx, client, params.get('response_type'));
    const scopes = checkRequestedScope(ctx, client, params.get('scope'));
    const pkce =
      response_type === 'code'
        ? checkCodeChallenge(ctx, client, params.get('code_challenge'), params.get('code_challenge_method'))
        : {};
    checkPrompt(params.get('prompt'));
    const raw: Record<string, string | undefined> = {};
    for (const name of AUTHORIZATION_PARAMETERS) raw[name] = params.get(name);
    return {
      client,
      redirect_uri,
      redirect_uri_in_request: raw.redirect_uri !== undefined,
      response_type,
      scopes,
      state,
      ...pkce,
      raw,
    };
  } catch (err) {
    throw new ErrorRedirect(toOAuthError(err), redirect_uri, mode, state);
  }
}

/**
 * This server keeps no sign-in session, so it must always show the login page:
 * `prompt=none` cannot be honoured. @see OpenID Connect Core §3.1.2.6 (login_required)
 */
function checkPrompt(prompt: string | undefined): void {
  if (prompt === undefined) return;
  const values = prompt.split(' ').filter((value) => value !== '');
  const unknown = values.filter((value) => !PROMPT_VALUES.includes(value));
  if (unknown.length > 0) throw invalidRequest(`unsupported prompt value: ${unknown.join(' ')}`);
  if (values.includes('none') && values.length > 1) throw invalidRequest('prompt=none cannot be combined with other values');
  if (values.includes('none')) throw new OAuthError('login_required', 'the user must sign in; this server keeps no session');
}

function handleFailure(ctx: RequestContext, err: unknown): Response {
  if (err instanceof ErrorPage) return errorPageResponse(err.error);
  if (err instanceof ErrorRedirect) return redirectWithError(ctx, err);
  throw err;
}

function consentPage(request: AuthorizationRequest, status: number, extra: { username?: string; error?: string } = {}): Response {
  const page = loginConsentPage({
    client: request.client,
    scopes: request.scopes,
    redirect_uri: request.redirect_uri,
    authorizationRequest: request.raw,
    ...extra,
  });
  return html(page, status, 'login and consent page');
}

/** GET /oauth/authorize: validate, then show the login and consent page. @see RFC 6749 §4.1.1 */
export async function authorizeGet(ctx: RequestContext): Promise<Response> {
  try {
    return consentPage(validate(ctx, new Params(ctx.url.searchParams)), 200);
  } catch (err) {
    return handleFailure(ctx, err);
  }
}

/**
 * A form post from another site is refused: the consent page only accepts its own form.
 * (Browsers send `Sec-Fetch-Site`.) @see RFC 6749 §10.12, §10.13
 */
function crossSiteFormPost(ctx: RequestContext): boolean {
  const site = ctx.request.headers.get('sec-fetch-site');
  const pass = site !== 'cross-site';
  recordCheck(ctx, {
    name: 'form posted from this site',
    rfc: 'RFC 6749 §10.12',
    inputs: { 'sec-fetch-site': site },
    pass,
    detail: pass ? 'The form was submitted from the authorization server’s own page.' : 'Another site submitted this form.',
  });
  return !pass;
}

/** POST /oauth/authorize: the user's decision on the consent page. @see RFC 6749 §4.1.2 */
export async function authorizePost(ctx: RequestContext): Promise<Response> {
  if (mediaType(ctx.request) !== 'application/x-www-form-urlencoded') {
    return errorPageResponse(invalidRequest('the consent form must be posted as application/x-www-form-urlencoded'));
  }
  if (crossSiteFormPost(ctx)) return errorPageResponse(accessDenied('cross-site form submissions are refused'), 403);
  const params = Params.fromForm(ctx.bodyText ?? '');
  let request: AuthorizationRequest;
  try {
    request = validate(ctx, params);
  } catch (err) {
    return handleFailure(ctx, err);
  }
  const mode = request.response_type === 'token' ? 'fragment' : 'query';
  const deny = (description: string) =>
    redirectWithError(ctx, new ErrorRedirect(accessDenied(description), request.redirect_uri, mode, request.state));

  const decisions = params.getAll('decision');
  if (decisions.length !== 1 || (decisions[0] !== 'approve' && decisions[0] !== 'deny')) {
    return redirectWithError(ctx, new ErrorRedirect(invalidRequest('decision must be approve or deny'), request.redirect_uri, mode, request.state));
  }
  if (decisions[0] === 'deny') {
    recordCheck(ctx, {
      name: 'user consent',
      rfc: 'RFC 6749 §4.1.2.1',
      inputs: { requested: request.scopes.join(' '), decision: 'deny' },
      pass: false,
      detail: 'The user denied the request; the app gets access_denied.',
    });
    return deny('the user denied the request');
  }
  const usernames = params.getAll('username');
  const passwords = params.getAll('password');
  const user = authenticateUser(ctx, usernames.length === 1 ? usernames[0] : undefined, passwords.length === 1 ? passwords[0] : undefined);
  if (!user) return consentPage(request, 401, { username: usernames[0], error: 'Unknown username or wrong password.' });

  // The user may grant less than requested. @see RFC 6749 §3.3
  const ticked = new Set(params.getAll('consent_scope'));
  const granted = request.scopes.filter((scope) => ticked.has(scope));
  recordCheck(ctx, {
    name: 'user consent',
    rfc: 'RFC 6749 §3.3',
    inputs: { requested: request.scopes.join(' '), granted: granted.join(' ') },
    pass: granted.length > 0,
    detail:
      granted.length === 0
        ? 'The user unticked every scope, which amounts to denying.'
        : granted.length < request.scopes.length
          ? 'The user granted fewer scopes than requested; the token response will say which.'
          : 'The user approved every requested scope.',
  });
  if (granted.length === 0) return deny('the user granted no scope');
  const scope = granted.join(' ');

  if (request.response_type === 'token') {
    // Implicit grant, for the legacy lesson only: the token travels in the fragment. @see RFC 6749 §4.2.2
    recordCheck(ctx, {
      name: 'token issued without a code exchange',
      rfc: 'RFC 9700 §2.1.2',
      inputs: { client_id: request.client.client_id, client_authentication: 'none', code_exchange: 'none', pkce: 'none', delivered_in: 'URL fragment' },
      pass: true,
      detail:
        'Legacy implicit grant, allowed only for this registered client: the token goes straight into the redirect, with no client authentication and no proof, so the server cannot tell who will use it.',
    });
    const grant = await createGrant(ctx, { client_id: request.client.client_id, sub: user.username, scope });
    const token = await tokenResponse(ctx, grant, scope, false);
    return redirect(
      responseUrl(request.redirect_uri, 'fragment', {
        access_token: token.access_token,
        token_type: token.token_type,
        expires_in: String(token.expires_in),
        scope,
        state: request.state,
        iss: ctx.issuer,
      }),
    );
  }
  const code = opaqueToken();
  const record: AuthorizationCodeRecord = {
    client_id: request.client.client_id,
    redirect_uri: request.redirect_uri,
    redirect_uri_in_request: request.redirect_uri_in_request,
    sub: user.username,
    scope,
    code_challenge: request.code_challenge,
    code_challenge_method: request.code_challenge_method,
    // Codes are short-lived. @see RFC 6749 §4.1.2 ("maximum lifetime of 10 minutes RECOMMENDED"); ours: 60 s
    expires_at: nowMs(ctx) + ctx.limits.codeLifetimeSeconds * 1000,
  };
  // Kept in the store longer than its lifetime, so a late attempt is reported as "expired", not "unknown".
  await ctx.store.set(ctx.namespace, key.code(code), record, ctx.limits.codeLifetimeSeconds + 3600);
  return redirect(responseUrl(request.redirect_uri, 'query', { code, state: request.state, iss: ctx.issuer }));
}
