import type { RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { mediaType, type Params } from '../http';
import type { FormTokenRecord } from '../records';
import { checkFormOrigin } from './form-origin';
import { checkFormToken, FORM_TOKEN_FIELD } from './form-token';

/**
 * The steps that decide whether a form post to one of the server's pages can be trusted at all:
 * its format, where it was submitted from, and its anti-CSRF token. Each failure is an error that
 * must not be redirected. @see RFC 6749 §10.12
 */
export async function checkFormSubmission(ctx: RequestContext, form: FormTokenRecord['form'], params: Params, binding: string): Promise<void> {
  if (mediaType(ctx.request) !== 'application/x-www-form-urlencoded') {
    throw invalidRequest('the form must be posted as application/x-www-form-urlencoded', { mayRedirect: false });
  }
  checkFormOrigin(ctx);
  await checkFormToken(ctx, form, params.one(FORM_TOKEN_FIELD), binding);
}
