import { withConsentFraming } from '../../checks/consent-framing';
import { issueFormToken } from '../../checks/form-token';
import { PUBLIC_NAMESPACE, type RequestContext } from '../../context';
import { FRAME_TICKET_PARAMETER, frameTicketOf, issueFrameTicket } from '../../frame-tickets';
import { loginConsentPage } from '../../html/login-consent';
import { html, type Params } from '../../http';
import { ENDPOINTS } from '../../paths';
import { authorizationRequestBinding, type AuthorizationRequest } from './request';

/**
 * The login and consent page for a valid request, with a fresh anti-CSRF token bound to this
 * learner and this request. @see RFC 6749 §4.1.1, §10.12
 */
export async function consentPage(
  ctx: RequestContext,
  request: AuthorizationRequest,
  params: Params,
  status: number,
  extra: { username?: string; error?: string } = {},
): Promise<Response> {
  const csrf_token = await issueFormToken(ctx, 'consent', authorizationRequestBinding(params));
  // A page framed with a ticket posts with a single-use ticket of its own (`frame-tickets.ts`).
  const ticket = frameTicketOf(ctx.url) && ctx.namespace !== PUBLIC_NAMESPACE ? await issueFrameTicket(ctx.store, ctx.namespace, 'post') : undefined;
  const page = loginConsentPage({
    basePath: ctx.basePath,
    ...(ticket ? { formAction: `${ctx.basePath}${ENDPOINTS.authorize}?${new URLSearchParams({ [FRAME_TICKET_PARAMETER]: ticket })}` } : {}),
    client: request.client,
    scopes: request.scopes,
    redirect_uri: request.target.redirect_uri,
    authorizationRequest: request.raw,
    csrf_token,
    ...extra,
  });
  return withConsentFraming(ctx, html(page, status, 'login and consent page'));
}
