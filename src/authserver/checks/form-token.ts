import { recordCheck, type RequestContext } from '../context';
import { accessDenied } from '../errors';
import { opaqueToken } from '../random';
import { key, type FormTokenRecord } from '../records';

/** The hidden field that carries the token. */
export const FORM_TOKEN_FIELD = 'csrf_token';

/**
 * Issues an anti-CSRF token for one form: unguessable, stored in the learner's own namespace
 * (so it is bound to that learner), bound to what the form is about, and good for one submission.
 * @see RFC 6749 §10.12 ("a value that binds the request to the user-agent's authenticated state")
 */
export async function issueFormToken(ctx: RequestContext, form: FormTokenRecord['form'], binding: string): Promise<string> {
  const token = opaqueToken(ctx.random);
  await ctx.store.set<FormTokenRecord>(ctx.namespace, key.formToken(token), { form, binding }, ctx.limits.formTokenLifetimeSeconds);
  return token;
}

/**
 * Checks and uses up the token a form came back with. A missing, unknown, reused or mismatched
 * token means the server cannot tell that its own page sent the form: the request is refused
 * with an error page, never redirected to the client. @see RFC 6749 §10.12
 */
export async function checkFormToken(
  ctx: RequestContext,
  form: FormTokenRecord['form'],
  presented: string | undefined,
  binding: string,
): Promise<void> {
  const record = presented === undefined ? undefined : await ctx.store.get<FormTokenRecord>(ctx.namespace, key.formToken(presented));
  const fits = record !== undefined && record.form === form && record.binding === binding;
  const unused =
    fits && (await ctx.store.setIfAbsent(ctx.namespace, key.formTokenUsed(presented!), true, ctx.limits.formTokenLifetimeSeconds));
  if (unused) await ctx.store.delete(ctx.namespace, key.formToken(presented!));
  recordCheck(ctx, {
    name: 'anti-CSRF token valid',
    rfc: 'RFC 6749 §10.12',
    inputs: { [FORM_TOKEN_FIELD]: presented ?? null, form, issued_to_this_learner: record !== undefined },
    pass: unused,
    detail: unused
      ? 'The form carries the single-use token this server put in the page it showed this learner.'
      : presented === undefined
        ? 'The form carries no anti-CSRF token: the server did not show this page, so it refuses the submission.'
        : record === undefined
          ? 'The token is unknown, used up or expired, or was issued to another learner.'
          : 'The token was issued for another form or another request.',
  });
  if (!unused) throw accessDenied(`${FORM_TOKEN_FIELD} is missing, wrong, expired or already used`, { status: 403, mayRedirect: false });
}
