import { invalidRequest, loginRequired } from '../errors';

/** Values of `prompt` understood here. @see OpenID Connect Core §3.1.2.1 */
export const PROMPT_VALUES = ['none', 'login', 'consent'] as const;

/**
 * This server keeps no sign-in session, so it must always show the login page:
 * `prompt=none` cannot be honoured. @see OpenID Connect Core §3.1.2.6 (login_required)
 */
export function checkPrompt(prompt: string | undefined): void {
  if (prompt === undefined) return;
  const values = prompt.split(' ').filter((value) => value !== '');
  if (values.some((value) => !(PROMPT_VALUES as readonly string[]).includes(value))) throw invalidRequest('prompt has an unsupported value');
  if (values.includes('none') && values.length > 1) throw invalidRequest('prompt=none cannot be combined with other values');
  if (values.includes('none')) throw loginRequired('the user must sign in; this server keeps no session');
}
