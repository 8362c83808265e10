import { FORM_TOKEN_FIELD } from '../checks/form-token';
import { escapeHtml } from '../http';
import { CONSENT_DECISION_FRAGMENT, ENDPOINTS } from '../paths';
import { SCOPES, type DemoClient } from '../seed';
import { demoUsersNote, errorAlert, hiddenFields, layout } from './layout';

export interface LoginConsentPage {
  /** The server's base path, which starts the form's action (the page posts back to its own endpoint). */
  basePath: string;
  client: DemoClient;
  scopes: string[];
  redirect_uri: string;
  /** The authorization request's parameters, posted back unchanged. */
  authorizationRequest: Record<string, string | undefined>;
  /** The single-use anti-CSRF token for this page. @see RFC 6749 §10.12 */
  csrf_token: string;
  username?: string;
  error?: string;
  /** Where the form posts: the authorization endpoint, with the learner's frame ticket when framed (`frame-tickets.ts`). */
  formAction?: string;
}


/**
 * The authorization server's own page: the user signs in here (never at the app) and
 * decides, scope by scope, what the app gets. @see RFC 6749 §4.1.1, §3.3 (the server may grant less)
 */
export function loginConsentPage(page: LoginConsentPage): string {
  const scopes = page.scopes
    .map(
      (scope, i) => `<div class="scope">
<input type="checkbox" id="scope-${i}" name="consent_scope" value="${escapeHtml(scope)}" checked>
<label for="scope-${i}">${escapeHtml(SCOPES[scope] ?? scope)} <code>${escapeHtml(scope)}</code></label>
</div>`,
    )
    .join('\n');
  const body = `<h1><span id="app-name">${escapeHtml(page.client.client_name)}</span> wants to access your account</h1>
${errorAlert(page.error)}
${demoUsersNote()}
<form method="post" action="${escapeHtml(page.formAction ?? `${page.basePath}${ENDPOINTS.authorize}`)}">
${hiddenFields({ ...page.authorizationRequest, [FORM_TOKEN_FIELD]: page.csrf_token })}
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(page.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<fieldset>
<legend>Allow <code>${escapeHtml(page.client.client_id)}</code> to:</legend>
${scopes}
<p class="muted">Untick anything you do not want to share.</p>
</fieldset>
<p class="muted">After you decide you will be sent back to <code>${escapeHtml(page.redirect_uri)}</code>.</p>
<div class="actions" id="${CONSENT_DECISION_FRAGMENT.slice(1)}">
<button type="submit" class="primary" name="decision" value="approve">Approve</button>
<button type="submit" class="secondary" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>`;
  return layout(`Sign in to allow ${page.client.client_name}`, body);
}
