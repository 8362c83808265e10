import { inspectorEntries, verdictText, type DecodedJwt, type InspectorEntry, type InspectorField, type InspectorOptions } from './inspector';
import type { TracedEvent } from './types';
import { nextFrame } from '../diagrams/frame-batch';

/** Minimal element builder for the Inspector's DOM. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null | false)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== false) element.append(child);
  return element;
}

const shown = (field: InspectorField, revealed: boolean) => (revealed || field.masked === null ? field.value : field.masked);

function fieldList(fields: InspectorField[], revealed: boolean, label: string): HTMLElement | null {
  if (fields.length === 0) return null;
  const list = h('dl', { class: 'wt-fields', 'aria-label': label });
  for (const field of fields) {
    const value = shown(field, revealed);
    list.append(
      h('dt', {}, field.name),
      h('dd', {}, value.includes('\n') ? h('pre', {}, value) : h('code', {}, value), field.note ? h('span', { class: 'wt-note' }, field.note) : null),
    );
  }
  return list;
}

/**
 * Scrolls the walk-through's own scroll container (the page's side rail on wide screens) to show
 * `element`; never scrolls the page itself, so the controls and the frame stay where the learner is.
 * Measured in the next frame, with the step's other layout reads (`frame-batch.ts`).
 */
function revealInPanel(list: HTMLElement, element: HTMLElement) {
  nextFrame.schedule(list, () => {
    if (!element.isConnected) return undefined;
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && parent.scrollHeight > parent.clientHeight) {
        const top = element.getBoundingClientRect().top - parent.getBoundingClientRect().top;
        const margin = parseFloat(getComputedStyle(element).scrollMarginTop) || 0;
        return top < margin || top > parent.clientHeight * 0.6 ? () => parent.scrollBy({ top: top - margin }) : undefined;
      }
    }
    return undefined;
  });
}

/** Headers every browser adds; shown folded so the ones that matter stand out. */
const BROWSER_NOISE = /^(sec-|user-agent$|accept-language$|accept-encoding$|upgrade-insecure-requests$|connection$|cache-control$|pragma$|priority$|dnt$)/i;

function headerLists(fields: InspectorField[], revealed: boolean, label: string): HTMLElement[] {
  const main = fields.filter((f) => !BROWSER_NOISE.test(f.name) || label === 'Response headers');
  const noise = fields.filter((f) => !main.includes(f));
  const views: HTMLElement[] = [];
  const list = fieldList(main, revealed, label);
  if (list) views.push(list);
  const more = fieldList(noise, revealed, `${label}: added by the browser`);
  if (more) {
    views.push(h('details', { class: 'wt-more' }, h('summary', {}, `${noise.length} more headers added by the browser`), more));
  }
  return views;
}

function pre(text: string, label: string): HTMLElement {
  return h('pre', { class: 'wt-pre', tabindex: '0', 'aria-label': label }, text);
}

function jwtView(jwt: DecodedJwt): HTMLElement {
  return h(
    'div',
    { class: 'wt-jwt' },
    h('h3', {}, `Decoded JWT: ${jwt.where}`),
    h('p', { class: 'wt-note' }, 'Decoded, not verified: anyone holding a JWT can read it.'),
    h('h4', {}, 'Header'),
    pre(jwt.header, 'JWT header'),
    h('h4', {}, 'Payload'),
    pre(jwt.payload, 'JWT payload'),
    jwt.times.length
      ? h('ul', { class: 'wt-times' }, ...jwt.times.map((t) => h('li', {}, h('code', {}, t.claim), ` ${t.readable}`)))
      : null,
  );
}

const CHANNEL_TEXT = {
  front: 'front channel (through the browser)',
  back: 'back channel (server to server)',
} as const;

/**
 * Renders the trace into the Inspector's `<ol>`: one `<li>` per exchange or check, each a
 * `<details>` whose summary starts with the request line or the check's name. Keeps each
 * entry's open/closed and revealed state across renders.
 */
export function createInspectorView(
  list: HTMLOListElement,
  empty: HTMLElement,
  origin: string,
  stepLabel: (stepId: string) => string,
  /** Read at every render: Reset moves the learner to a new id. */
  options: () => InspectorOptions = () => ({}),
) {
  const openState = new Map<string, boolean>();
  const revealed = new Set<string>();
  let lastTrace: readonly TracedEvent[] | null = null;
  let lastNewest: string | null = null;

  function entryView(entry: InspectorEntry, newest: boolean, openByDefault: boolean): HTMLLIElement {
    const isRevealed = revealed.has(entry.key);
    const chip =
      entry.verdict !== null
        ? h('span', { class: `wt-chip wt-${entry.verdict}` }, verdictText(entry.verdict))
        : entry.status !== null
          ? h('span', { class: `wt-chip ${entry.status >= 400 ? 'wt-fail' : 'wt-neutral'}` }, entry.response?.line.replace(/^HTTP /, '') ?? String(entry.status))
          : null;
    const summary = h(
      'summary',
      {},
      h('span', { class: 'wt-entry-title' }, entry.title),
      ' ',
      chip,
      ' ',
      h('span', { class: 'wt-entry-parties' }, entry.parties),
    );
    const body = h('div', { class: 'wt-entry-body' });
    body.append(
      h(
        'p',
        { class: 'wt-meta' },
        entry.channel ? `${CHANNEL_TEXT[entry.channel]} · ` : '',
        `step: ${stepLabel(entry.stepId)}`,
      ),
    );
    if (entry.request) {
      body.append(h('h3', {}, 'Request'), pre(entry.request.line, 'Request line'));
      const query = fieldList(entry.request.query, isRevealed, 'Query parameters');
      if (query) body.append(h('h4', {}, 'Query parameters'), query);
      const headers = headerLists(entry.request.headers, isRevealed, 'Request headers');
      if (headers.length) body.append(h('h4', {}, 'Headers'), ...headers);
      if (entry.request.body) body.append(h('h4', {}, 'Body'), pre(isRevealed ? entry.request.body.text : (entry.request.body.masked ?? entry.request.body.text), 'Request body'));
    }
    if (entry.response) {
      body.append(h('h3', {}, 'Response'), pre(entry.response.line, 'Status line'));
      const headers = fieldList(entry.response.headers, isRevealed, 'Response headers');
      if (headers) body.append(h('h4', {}, 'Headers'), headers);
      if (entry.response.body) body.append(h('h4', {}, 'Body'), pre(isRevealed ? entry.response.body.text : (entry.response.body.masked ?? entry.response.body.text), 'Response body'));
    }
    if (entry.kind === 'check') {
      body.append(
        h('p', { class: `wt-verdict wt-${entry.verdict}` }, `${entry.verdict === 'pass' ? '✓' : '✗'} ${verdictText(entry.verdict ?? 'fail')}`),
      );
      const inputs = fieldList(entry.inputs, isRevealed, 'Check inputs');
      if (inputs) body.append(h('h3', {}, 'Inputs'), inputs);
      if (entry.detail) body.append(h('p', {}, entry.detail));
    }
    if (entry.rfc) body.append(h('p', {}, entry.rfcUrl ? h('a', { href: entry.rfcUrl, rel: 'noopener', target: '_blank' }, entry.rfc) : entry.rfc));
    for (const jwt of entry.jwts) body.append(jwtView(jwt));

    const actions = h('div', { class: 'wt-entry-actions' });
    if (entry.hasSecrets) {
      const reveal = h('button', { type: 'button', 'aria-pressed': String(isRevealed), 'data-reveal': entry.key }, 'Reveal');
      actions.append(reveal);
    }
    if (entry.curl) {
      actions.append(
        h('button', { type: 'button', 'data-curl': entry.key }, 'Copy as curl'),
        h('span', { class: 'wt-copied', 'aria-live': 'polite' }),
      );
    }
    if (actions.childElementCount) body.append(actions);

    const details = h('details', {}, summary, body);
    details.open = openState.get(entry.key) ?? openByDefault;
    // Only the learner's own opening and closing is remembered (a click on the summary, or Enter/Space on it).
    summary.addEventListener('click', () => openState.set(entry.key, !details.open));
    return h(
      'li',
      { class: `wt-entry${newest ? ' is-newest' : ''}`, 'data-key': entry.key, 'data-step-id': entry.stepId, 'data-kind': entry.kind, ...(entry.verdict ? { 'data-verdict': entry.verdict } : {}) },
      details,
    );
  }

  let entries: InspectorEntry[] = [];
  /**
   * Each event's entry and its drawn item, kept while the event is in the trace (the trace holds the
   * same event objects from one step to the next, and "Previous step" returns to earlier ones): a step
   * builds the items of its new events and of the entries whose state changed, not the whole list again.
   */
  const drawn = new WeakMap<TracedEvent, { entry: InspectorEntry; optionsKey: string; state: string; item: HTMLLIElement }>();

  function render(trace: readonly TracedEvent[], newestStepId: string | null, force = false) {
    if (!force && trace === lastTrace && newestStepId === lastNewest) return;
    const grew = lastTrace !== null && trace.length > lastTrace.length;
    lastTrace = trace;
    lastNewest = newestStepId;
    const currentOptions = options();
    const optionsKey = JSON.stringify(currentOptions);
    const kept = trace.map((event) => {
      const cached = drawn.get(event);
      return cached?.optionsKey === optionsKey ? cached : undefined;
    });
    entries = trace.map((event, i) => kept[i]?.entry ?? inspectorEntries([event], origin, currentOptions)[0]!);
    const newest = entries.filter((entry) => entry.stepId === newestStepId);
    // The newest step's entries open by default; when it has many, only its exchanges and failed checks.
    const opens = (entry: InspectorEntry) =>
      entry.stepId === newestStepId && (newest.length <= 2 || entry.kind === 'exchange' || entry.verdict === 'fail');
    const items = entries.map((entry, i) => {
      const isNewest = entry.stepId === newestStepId;
      const state = `${isNewest} ${opens(entry)} ${revealed.has(entry.key)}`;
      if (kept[i]?.state === state) return kept[i].item;
      const item = entryView(entry, isNewest, opens(entry));
      drawn.set(trace[i]!, { entry, optionsKey, state, item });
      return item;
    });
    // Only what changed moves: new items are appended, rebuilt ones replace theirs, dropped ones go.
    items.forEach((item, i) => {
      const at = list.children[i];
      if (at !== item) list.insertBefore(item, at ?? null);
    });
    while (list.children.length > items.length) list.lastElementChild!.remove();
    empty.hidden = entries.length > 0;
    const first = list.querySelector<HTMLElement>('.is-newest');
    if (grew && first) revealInPanel(list, first);
  }

  list.addEventListener('click', async (event) => {
    const target = event.target instanceof Element ? event.target.closest('button') : null;
    if (!target) return;
    const revealKey = target.getAttribute('data-reveal');
    if (revealKey) {
      if (revealed.has(revealKey)) revealed.delete(revealKey);
      else revealed.add(revealKey);
      render(lastTrace ?? [], lastNewest, true);
      list.querySelector<HTMLButtonElement>(`button[data-reveal="${CSS.escape(revealKey)}"]`)?.focus();
      return;
    }
    const curlKey = target.getAttribute('data-curl');
    const curl = curlKey ? entries.find((e) => e.key === curlKey)?.curl : null;
    if (curl) {
      const note = target.nextElementSibling;
      try {
        await navigator.clipboard.writeText(curl);
        if (note) note.textContent = 'Copied';
      } catch {
        if (note) note.textContent = 'Copy failed: select the text instead';
      }
    }
  });

  return { render };
}
