import { escapeHtml } from '../http';
import { layout } from './layout';

const UNTRUSTED_REQUEST =
  'The app that sent you here is unknown or asked to send you back to an address it never registered. To protect you, the authorization server does not redirect you anywhere (RFC 6749 §4.1.2.1).';

/**
 * Shown when the server must not redirect back: unknown client, unverifiable redirect_uri, a
 * forged form. @see RFC 6749 §4.1.2.1 ("MUST NOT automatically redirect the user-agent to the invalid redirection URI")
 */
export function errorPage(error: string, description: string, explanation = UNTRUSTED_REQUEST): string {
  return layout(
    'Authorization request rejected',
    `<h1>This authorization request cannot continue</h1>
<div class="error" role="alert"><p><strong>${escapeHtml(error)}</strong>: ${escapeHtml(description)}</p></div>
<p>${escapeHtml(explanation)}</p>
<p class="muted">You can close this page.</p>`,
  );
}
