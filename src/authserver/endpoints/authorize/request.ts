import { checkClient } from '../../checks/client';
import { rejectDuplicateParameters } from '../../checks/duplicate-parameters';
import { checkOpenIdRequest, type OpenIdRequest } from '../../checks/openid-request';
import { checkCodeChallenge, type CodeChallengeMethod } from '../../checks/pkce';
import { checkPrompt } from '../../checks/prompt';
import { checkPushedRequestRequired } from '../../checks/pushed-request';
import { checkRedirectUri } from '../../checks/redirect-uri';
import { checkResponseType, RESPONSE_MODES, type ResponseType } from '../../checks/response-type';
import { checkResourceIndicator } from '../../checks/resource-indicator';
import { checkRequestedScope } from '../../checks/scope';
import type { RequestContext } from '../../context';
import type { Params } from '../../http';
import { authorizationErrorResponse, type AuthorizationResponseTarget } from '../../responses';
import type { DemoClient } from '../../seed';

/** The parameters of an authorization request; each may appear at most once. @see RFC 6749 §3.1 */
export const AUTHORIZATION_PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  /** @see OpenID Connect Core 1.0 §3.1.2.1 */
  'nonce',
  'max_age',
  /** The reference to a pushed request. @see RFC 9126 §4 */
  'request_uri',
] as const;

/**
 * Everything the request carries: its parameters and `resource`, which RFC 8707 §2 lets a client
 * repeat (so it is not refused as a duplicate; this server then answers invalid_target).
 */
export const REQUEST_PARAMETERS = [...AUTHORIZATION_PARAMETERS, 'resource'] as const;

export interface AuthorizationRequest {
  client: DemoClient;
  /** Where the response goes: the verified redirect_uri, query or fragment, state and iss. */
  target: AuthorizationResponseTarget;
  redirect_uri_in_request: boolean;
  response_type: ResponseType;
  scopes: string[];
  code_challenge?: string;
  code_challenge_method?: CodeChallengeMethod;
  /** The resource the tokens will be for. @see RFC 8707 §2.1 */
  resource?: string;
  /** The sign-in's nonce and max_age, when the scope has `openid`. */
  openid: OpenIdRequest;
  /** The raw parameters, posted back unchanged by the consent form. */
  raw: Record<string, string | undefined>;
}

/** The request's parameters exactly as sent, so a consent form can be tied to this one request. */
export function authorizationRequestBinding(params: Params): string {
  return JSON.stringify(REQUEST_PARAMETERS.map((name) => params.getAll(name)));
}

/**
 * Where errors go once the client and its redirect_uri are known: the response mode follows
 * the response_type the client is registered for, and `state` is echoed when sent once.
 * @see RFC 6749 §4.1.2.1, §4.2.2.1
 */
function responseTarget(ctx: RequestContext, client: DemoClient, params: Params, redirect_uri: string): AuthorizationResponseTarget {
  const registered = client.response_types.find((type) => type === params.getAll('response_type')[0]);
  const mode = registered ? RESPONSE_MODES[registered] : 'query';
  const states = params.getAll('state');
  return { redirect_uri, mode, state: states.length === 1 ? states[0] : undefined, iss: ctx.issuer };
}

/**
 * Validates an authorization request in the RFC's order. First what decides whether we may
 * redirect at all (client, redirect_uri: their errors are an error page), then everything else,
 * whose errors go back to the client; `onTarget` learns where they go as soon as it is known.
 * A pushed request is validated the same way when it is pushed (`pushed`), before it has a
 * request_uri. @see RFC 6749 §4.1.1, §4.1.2.1, §4.2.1; RFC 9126 §2.1
 */
export async function validateAuthorizationRequest(
  ctx: RequestContext,
  params: Params,
  options: { pushed?: boolean; onTarget?: (target: AuthorizationResponseTarget) => void } = {},
): Promise<AuthorizationRequest> {
  const client = await checkClient(ctx, params.get('client_id'));
  const redirect_uri = checkRedirectUri(ctx, client, params.get('redirect_uri'));
  const target = responseTarget(ctx, client, params, redirect_uri);
  options.onTarget?.(target);
  rejectDuplicateParameters(params, AUTHORIZATION_PARAMETERS);
  checkPushedRequestRequired(ctx, client, options.pushed === true || params.get('request_uri') !== undefined);
  const response_type = checkResponseType(ctx, client, params.get('response_type'));
  const scopes = checkRequestedScope(ctx, client, params.get('scope'));
  const pkce = response_type === 'code' ? checkCodeChallenge(ctx, client, params.get('code_challenge'), params.get('code_challenge_method')) : {};
  const resource = checkResourceIndicator(ctx, params.getAll('resource'));
  const openid = checkOpenIdRequest(ctx, scopes, params);
  checkPrompt(params.get('prompt'));
  const raw = Object.fromEntries(REQUEST_PARAMETERS.map((name) => [name, name === 'resource' ? resource : params.get(name)]));
  return { client, target, redirect_uri_in_request: raw.redirect_uri !== undefined, response_type, scopes, ...pkce, resource, openid, raw };
}

/** Validates an authorization request, then hands it to `respond`; errors become the response they call for. */
export async function withAuthorizationRequest(
  ctx: RequestContext,
  params: Params,
  respond: (request: AuthorizationRequest) => Promise<Response>,
): Promise<Response> {
  let target: AuthorizationResponseTarget | undefined;
  try {
    const request = await validateAuthorizationRequest(ctx, params, { onTarget: (known) => (target = known) });
    return await respond(request);
  } catch (err) {
    return authorizationErrorResponse(err, target);
  }
}
