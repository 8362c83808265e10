/**
 * The authorization endpoint, as lists of named steps. GET validates the request and shows the
 * login and consent page; POST takes the user's decision from that page and answers the client.
 * @see RFC 6749 §3.1, §4.1.1, §4.1.2, §4.2.1, §4.2.2
 */
import { checkGrantedScope, readDecision, refuseDenial } from '../../checks/consent';
import { checkFormSubmission } from '../../checks/form-submission';
import { resolveRequestUri } from '../../checks/pushed-request';
import { authenticateUser } from '../../checks/user-authentication';
import type { RequestContext } from '../../context';
import { toOAuthError } from '../../errors';
import { Params } from '../../http';
import { errorPageResponse, FORGED_FORM } from '../../responses';
import { consentPage } from './consent-page';
import { authorizationRequestBinding, withAuthorizationRequest } from './request';
import { respondWithCode, respondWithToken } from './respond';

/** GET /oauth/authorize: resolve a pushed request, validate, then show the login and consent page. @see RFC 6749 §4.1.1; RFC 9126 §4 */
export async function authorizeGet(ctx: RequestContext): Promise<Response> {
  let params: Params;
  try {
    params = await resolveRequestUri(ctx, new Params(ctx.url.searchParams));
  } catch (err) {
    return errorPageResponse(toOAuthError(err));
  }
  return withAuthorizationRequest(ctx, params, (request) => consentPage(ctx, request, params, 200));
}

/**
 * POST /oauth/authorize: the consent form. The form itself is checked first (format, origin,
 * anti-CSRF token): a form the server cannot trust gets an error page, never a redirect.
 * @see RFC 6749 §4.1.2, §10.12
 */
export async function authorizePost(ctx: RequestContext): Promise<Response> {
  const params = Params.fromForm(ctx.bodyText ?? '');
  try {
    await checkFormSubmission(ctx, 'consent', params, authorizationRequestBinding(params));
  } catch (err) {
    return errorPageResponse(toOAuthError(err), FORGED_FORM);
  }
  return withAuthorizationRequest(ctx, params, async (request) => {
    if (readDecision(params) === 'deny') refuseDenial(ctx, request.scopes);
    const username = params.one('username');
    const user = authenticateUser(ctx, username, params.one('password'));
    if (!user) return consentPage(ctx, request, params, 401, { username, error: 'Unknown username or wrong password.' });
    const scope = checkGrantedScope(ctx, request.scopes, params);
    return request.response_type === 'token' ? respondWithToken(ctx, request, user, scope) : respondWithCode(ctx, request, user, scope);
  });
}
