import { FORM_TOKEN_FIELD } from '../checks/form-token';
import { escapeHtml } from '../http';
import { ENDPOINTS } from '../paths';
import { SCOPES, type DemoClient } from '../seed';
import { demoUsersNote, errorAlert, hiddenFields, layout } from './layout';

export interface DevicePage {
  /** The server's base path, which starts the form's action (the page posts back to its own endpoint). */
  basePath: string;
  user_code?: string;
  /** The device's client and scopes, when the code is already known (verification_uri_complete). */
  client?: DemoClient;
  scopes?: string[];
  username?: string;
  error?: string;
  /** The single-use anti-CSRF token for this page. @see RFC 6749 §10.12 */
  csrf_token: string;
}

/** Where the user enters the code shown on the device, signs in, and approves. @see RFC 8628 §3.3 */
export function deviceVerificationPage(page: DevicePage): string {
  const request = page.client
    ? `<p><strong>${escapeHtml(page.client.client_name)}</strong> asks to:</p><ul>${(page.scopes ?? [])
        .map((scope) => `<li>${escapeHtml(SCOPES[scope] ?? scope)} <code>${escapeHtml(scope)}</code></li>`)
        .join('')}</ul>`
    : '';
  return layout(
    'Connect a device',
    `<h1>Connect a device</h1>
${errorAlert(page.error)}
<p>Enter the code shown on your device, sign in, and approve it. Only approve a device you are holding.</p>
${request}
${demoUsersNote()}
<form method="post" action="${escapeHtml(page.basePath)}${ENDPOINTS.deviceVerification}">
${hiddenFields({ [FORM_TOKEN_FIELD]: page.csrf_token })}
<label for="user_code">Code shown on your device</label>
<input type="text" id="user_code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="${escapeHtml(page.user_code ?? '')}" aria-describedby="user-code-hint">
<p class="muted" id="user-code-hint">Eight letters, like <code>BDFG-HJKL</code>.</p>
<label for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required value="${escapeHtml(page.username ?? '')}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<div class="actions">
<button type="submit" class="primary" name="decision" value="approve">Approve</button>
<button type="submit" class="secondary" name="decision" value="deny" formnovalidate>Deny</button>
</div>
</form>`,
  );
}

export function deviceDonePage(approved: boolean, client: DemoClient): string {
  return layout(
    approved ? 'Device connected' : 'Device denied',
    `<h1>${approved ? 'Device connected' : 'Device denied'}</h1>
<p role="status">${
      approved
        ? `${escapeHtml(client.client_name)} can now access your account. You can return to your device.`
        : `${escapeHtml(client.client_name)} was not given access. You can return to your device.`
    }</p>`,
  );
}
