/**
 * The authorization endpoint, as lists of named steps. GET validates the request and shows the
 * login and consent page; POST takes the user's decision from that page and answers the client.
 * @see RFC 6749 §3.1, §4.1.1, §4.1.2, §4.2.1, §4.2.2
 */
import { checkGrantedScope, readDecision, refuseDenial } from '../../checks/consent';
import { checkFormOrigin } from '../../checks/form-origin';
import { checkFormToken, FORM_TOKEN_FIELD } from '../../checks/form-token';
import { authenticateUser } from '../../checks/user-authentication';
import type { RequestContext } from '../../context';
import { invalidRequest, toOAuthError } from '../../errors';
import { mediaType, Params } from '../../http';
import { errorPageResponse } from '../../responses';
import { consentPage } from './consent-page';
import { authorizationRequestBinding, withAuthorizationRequest } from './request';
import { respondWithCode, respondWithToken } from './respond';

export const FORGED_FORM =
  'The authorization server cannot tell that this form came from its own page, so it does not act on it and does not send you back to the app (RFC 6749 §10.12).';

/** GET /oauth/authorize: validate, then show the login and consent page. @see RFC 6749 §4.1.1 */
export async function authorizeGet(ctx: RequestContext): Promise<Response> {
  const params = new Params(ctx.url.searchParams);
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
    if (mediaType(ctx.request) !== 'application/x-www-form-urlencoded') {
      throw invalidRequest('the consent form must be posted as application/x-www-form-urlencoded', { mayRedirect: false });
    }
    checkFormOrigin(ctx);
    const tokens = params.getAll(FORM_TOKEN_FIELD);
    await checkFormToken(ctx, 'consent', tokens.length === 1 ? tokens[0] : undefined, authorizationRequestBinding(params));
  } catch (err) {
    return errorPageResponse(toOAuthError(err), FORGED_FORM);
  }
  return withAuthorizationRequest(ctx, params, async (request) => {
    if (readDecision(params) === 'deny') refuseDenial(ctx, request.scopes);
    const usernames = params.getAll('username');
    const passwords = params.getAll('password');
    const user = authenticateUser(ctx, usernames.length === 1 ? usernames[0] : undefined, passwords.length === 1 ? passwords[0] : undefined);
    if (!user) return consentPage(ctx, request, params, 401, { username: usernames[0], error: 'Unknown username or wrong password.' });
    const scope = checkGrantedScope(ctx, request.scopes, params);
    return request.response_type === 'token' ? respondWithToken(ctx, request, user, scope) : respondWithCode(ctx, request, user, scope);
  });
}
