/**
 * The site's only inline scripts, as text: they must run before the first paint, so they cannot be
 * external module scripts. The Content-Security-Policy allows exactly these by their SHA-256 hash
 * (`astro.config.mjs`), so the site needs no `'unsafe-inline'` for scripts.
 * @see CSP Level 3 §8.3 (hash-source)
 */
import { createHash } from 'node:crypto';

/** Applies the remembered theme before the first paint (ThemeScript.astro). */
export const THEME_SCRIPT = `try {
  var theme = localStorage.getItem('osl-theme');
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
} catch (e) {}
document.documentElement.classList.add('js');`;

/** Opens the sidebar on wide screens before the first paint; keeps it folded on narrow ones (Sidebar.astro). */
export const SIDEBAR_SCRIPT = `(function () {
  var all = document.querySelectorAll('[data-sidebar]');
  var details = all[all.length - 1];
  if (!details) return;
  var mq = window.matchMedia(details.getAttribute('data-open-query'));
  var sync = function () {
    details.open = mq.matches;
    details.classList.toggle('is-wide', mq.matches);
  };
  sync();
  mq.addEventListener('change', sync);
})();`;

/** A CSP hash source for a script's exact text. */
export function scriptHash(source: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}`;
}

export const INLINE_SCRIPT_HASHES = [THEME_SCRIPT, SIDEBAR_SCRIPT].map(scriptHash);
