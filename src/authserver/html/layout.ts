import { escapeHtml } from '../http';

/** The site remembers the reader's theme choice here; the server's pages follow it. */
const THEME_STORAGE_KEY = 'osl-theme';

/** Inline styles: readable, works at 200% zoom and on a 360px phone, light and dark. Its hash is in the pages' CSP. */
export const CSS = `
:root{color-scheme:light dark;--bg:#f6f7fb;--card:#fff;--text:#1b1e28;--muted:#555d70;--border:#c9cfdb;--accent:#3b4fd8;--accent-text:#fff;--danger:#b3261e;--note:#fff7d6;--note-border:#d9b500}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#12141b;--card:#1c1f2a;--text:#e8eaf1;--muted:#a9b0c3;--border:#3a3f52;--accent:#8c9bff;--accent-text:#0d0f16;--danger:#ffb4ab;--note:#2f2a14;--note-border:#8a7500}}
:root[data-theme=dark]{--bg:#12141b;--card:#1c1f2a;--text:#e8eaf1;--muted:#a9b0c3;--border:#3a3f52;--accent:#8c9bff;--accent-text:#0d0f16;--danger:#ffb4ab;--note:#2f2a14;--note-border:#8a7500}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem}
.card{background:var(--card);border:1px solid var(--border);border-radius:.75rem;padding:1.25rem}
.brand{font-size:.875rem;color:var(--muted);margin:0 0 .5rem}
h1{font-size:1.375rem;line-height:1.3;margin:0 0 1rem}
p{margin:0 0 1rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;overflow-wrap:anywhere}
.note{background:var(--note);border:1px solid var(--note-border);border-radius:.5rem;padding:.5rem .75rem;margin:0 0 1rem}
.error{border:2px solid var(--danger);border-radius:.5rem;padding:.5rem .75rem;margin:0 0 1rem}
.error strong{color:var(--danger)}
label{display:block;font-weight:600;margin:0 0 .25rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.5rem .625rem;border:1px solid var(--border);border-radius:.375rem;background:var(--bg);color:var(--text);margin:0 0 .75rem}
fieldset{border:1px solid var(--border);border-radius:.5rem;margin:0 0 1rem;padding:.5rem .75rem}
legend{font-weight:600;padding:0 .25rem}
.scope{display:flex;gap:.5rem;align-items:flex-start;margin:.375rem 0}
.scope input{margin-top:.3rem;width:1.1rem;height:1.1rem;flex:none}
.scope label{font-weight:400;margin:0}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.55rem 1.25rem;border-radius:.375rem;border:2px solid var(--accent);cursor:pointer;min-height:2.75rem}
button.primary{background:var(--accent);color:var(--accent-text)}
button.secondary{background:transparent;color:var(--text)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.muted{color:var(--muted);font-size:.875rem}
`;

/** The pages' only script: follows the site's theme choice before the first paint. Its hash is in the pages' CSP. */
export const THEME_SCRIPT = `try{var t=localStorage.getItem('${THEME_STORAGE_KEY}');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<script>${THEME_SCRIPT}</script>
<style>${CSS}</style>
</head>
<body>
<main>
<div class="card">
<p class="brand">Sequence Lab Authorization Server</p>
${body}
</div>
</main>
</body>
</html>`;
}

export function hiddenFields(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

export function demoUsersNote(): string {
  return `<p class="note" id="demo-users">Demo account: username <code>alice</code>, password <code>wonderland</code> (or <code>bob</code> / <code>builder</code>).</p>`;
}

export function errorAlert(message: string | undefined): string {
  return message ? `<div class="error" role="alert"><strong>Error:</strong> ${escapeHtml(message)}</div>` : '';
}
