/**
 * The attacker's pages, served on the attacker's origin (the other loopback name): what a site the
 * attacker controls does in each lesson. Each page carries its own policy: scripts and styles by hash,
 * and only the lab's origin (the walk-through's browser frame) and the attacker's own pages may frame it.
 */
import { sha256Text } from '../crypto';
import { FRAME_LOCATION } from '../../walkthrough/frame-location';
import { CSS, THEME_SCRIPT } from '../html/layout';
import { escapeHtml, NO_STORE, type ServerRequest } from '../http';
import { CONSENT_DECISION_FRAGMENT, ENDPOINTS } from '../paths';
import { LEAK_REPORT, thirdPartyScriptSource } from './leak-report';

/** What the attacker's pages report to the lab's page with `postMessage`, beside the frame-location report. */
export const ATTACKER_MESSAGES = {
  /** The catch page: its own URL (query and fragment) and `document.referrer`. */
  caught: 'osl:attacker-caught',
  /** The third-party script: the URL and referrer of the page that included it (`leak-report.ts`). */
  leaked: LEAK_REPORT,
} as const;

const ATTACKER_CSS = `.attacker{border:3px dashed var(--danger)}dl{margin:0 0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem}
.decoy{position:relative;height:3rem;margin:0 0 1rem}.decoy iframe{position:absolute;top:0;left:0;width:20rem;height:3rem;border:0;opacity:.0001;z-index:1}
.decoy.revealed iframe{opacity:.5}.prize{position:absolute;top:0;left:0;width:11.5rem;height:2.875rem;padding:0;white-space:nowrap}`;

/** Reports where the page is (the walk-through follows a cross-origin frame this way) and what it caught, when the lab's page is its parent. */
const CATCH_SCRIPT = `(function(){var lab=document.documentElement.dataset.lab,here=location.href,ref=document.referrer;
document.getElementById('fragment').textContent=location.hash||'(none)';document.getElementById('doc-referrer').textContent=ref||'(none)';
var up=location.ancestorOrigins;if(parent!==window&&lab&&(!up||up[0]===lab)){parent.postMessage({type:'${FRAME_LOCATION}',href:here},lab);parent.postMessage({type:'${ATTACKER_MESSAGES.caught}',href:here,referrer:ref},lab)}})();`;

/**
 * The decoy reports where it is, like the catch page; and once its hidden frame lands on the attacker's
 * own page (the consent form's redirect, readable because it is the attacker's origin), it opens that
 * page in full, so the lab's browser frame shows what the attacker caught.
 */
const DECOY_SCRIPT = `(function(){var lab=document.documentElement.dataset.lab,up=location.ancestorOrigins,f=document.getElementById('hidden-consent');
if(parent!==window&&lab&&(!up||up[0]===lab))parent.postMessage({type:'${FRAME_LOCATION}',href:location.href},lab);
f.addEventListener('load',function(){var href;try{href=f.contentWindow.location.href}catch(e){return}if(href&&href!=='about:blank')location.replace(href)})})();`;

const hash = (text: string) => `'sha256-${btoa(String.fromCharCode(...sha256Text(text)))}'`;
const POLICY_BASE = `default-src 'none'; script-src ${hash(THEME_SCRIPT)} ${hash(CATCH_SCRIPT)} ${hash(DECOY_SCRIPT)}; style-src ${hash(CSS)} ${hash(ATTACKER_CSS)}; img-src data:; base-uri 'none'; form-action 'none'`;

function attackerPage(lab: string, title: string, body: string, options: { status?: number; frames?: string } = {}): Response {
  const page = `<!doctype html>
<html lang="en" data-lab="${escapeHtml(lab)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<script>${THEME_SCRIPT}</script>
<style>${CSS}</style>
<style>${ATTACKER_CSS}</style>
</head>
<body>
<main>
<div class="card attacker">
<p class="brand">The attacker’s site · not part of the lab</p>
${body}
</div>
</main>
</body>
</html>`;
  return new Response(page, {
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      ...NO_STORE,
      'Content-Security-Policy': `${POLICY_BASE}; frame-src ${options.frames ?? "'none'"}; frame-ancestors 'self' ${lab}`,
    },
  });
}

/**
 * GET /attacker/catch: where a stolen code or token lands (a tampered redirect_uri, the attacker's own
 * client). Shows the query the server received, the Referer header, and (by script) the fragment,
 * which never reaches a server. @see RFC 9700 §4.1, §4.2
 */
export function catchPage(request: ServerRequest, lab: string): Response {
  const url = new URL(request.url);
  const rows = [...url.searchParams].map(([name, value]) => `<dt><code>${escapeHtml(name)}</code></dt><dd><code>${escapeHtml(value)}</code></dd>`);
  const referer = request.headers.get('referer');
  return attackerPage(
    lab,
    'The attacker’s page',
    `<h1>The attacker’s page: what arrived</h1>
<h2>In the query (sent to the attacker’s server)</h2>
${rows.length > 0 ? `<dl>${rows.join('')}</dl>` : '<p>Nothing.</p>'}
<h2>In the fragment (read by the attacker’s script)</h2>
<p><code id="fragment">(none)</code></p>
<h2>Referer header</h2>
<p><code>${escapeHtml(referer ?? '(none)')}</code></p>
<h2>document.referrer</h2>
<p><code id="doc-referrer">(none)</code></p>
<script>${CATCH_SCRIPT}</script>`,
  );
}

/**
 * GET /attacker/decoy?target=<authorization URL on the lab's origin>: a page promising a prize, with
 * the lab's consent page laid invisibly over its button, so the click lands on "Approve". The frame is
 * a small window onto the page scrolled to its buttons (the `#decision` fragment), so "Approve" sits
 * exactly under the prize button whatever the page above it holds. Only the lab's authorization
 * endpoint may be the target. `reveal=1` shows the frame half-transparent.
 * @see RFC 6749 §10.13; RFC 9700 §4.16
 */
export function decoyPage(request: ServerRequest, lab: string): Response {
  const url = new URL(request.url);
  const raw = url.searchParams.get('target');
  let target: URL | undefined;
  try {
    target = raw === null ? undefined : new URL(raw);
  } catch {
    target = undefined;
  }
  if (!target || target.origin !== lab || target.pathname !== ENDPOINTS.authorize) {
    return attackerPage(lab, 'No target', `<h1>No target</h1><p>Give <code>target</code>: an authorization URL on ${escapeHtml(lab)}.</p>`, { status: 400 });
  }
  const revealed = url.searchParams.get('reveal') === '1';
  return attackerPage(
    lab,
    'Win a year of free photo prints',
    `<h1>Win a year of free photo prints!</h1>
<p>One click and you are in the draw.</p>
<div class="decoy${revealed ? ' revealed' : ''}">
<iframe id="hidden-consent" title="The lab’s consent page, hidden by the attacker" src="${escapeHtml(`${target.origin}${target.pathname}${target.search}${CONSENT_DECISION_FRAGMENT}`)}"></iframe>
<button type="button" class="primary prize">Claim your prize</button>
</div>
<script>${DECOY_SCRIPT}</script>`,
    // The consent page, and wherever it sends the browser next (the attacker's own catch page).
    { frames: `'self' ${lab}` },
  );
}

/**
 * GET /attacker/script.js: the third-party script. It runs with the full rights of the page that
 * includes it, so it reads that page's URL, a token in the fragment included; the Referer its request
 * arrived with is written into it, so its report shows what the attacker's server received too.
 * @see RFC 9700 §4.2.1, §4.2.4
 */
export function thirdPartyScript(request: ServerRequest): Response {
  return new Response(thirdPartyScriptSource(request.headers.get('referer')), {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache', 'Cross-Origin-Resource-Policy': 'cross-origin' },
  });
}
