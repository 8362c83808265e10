/**
 * Renders a flow's Mermaid text to a static SVG in headless Chromium, ahead of time, so the
 * site ships diagrams without the Mermaid runtime. Used by `scripts/render-diagrams.mjs`
 * (writes `src/diagrams/svg/<slug>.svg`) and by the freshness test (compares with them).
 *
 * Node only (playwright-core). Imports carry `.ts` so plain Node can load this file.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toMermaid } from '../flows/derive.ts';
import type { FlowDefinition } from '../flows/types.ts';

/** The id of a flow's `<svg>` element; Mermaid prefixes its marker ids with it, so they stay unique on a page. */
export function diagramId(slug: string): string {
  return `diagram-${slug}`;
}

/** Debian's Chromium when installed, Playwright's own browser otherwise. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Mermaid settings. The `base` theme and the classic look; colours are replaced by CSS
 * custom properties in `SequenceDiagram.astro`, so one SVG serves light and dark.
 * Arial metrics (Liberation Sans is metric-compatible) so text fits wherever it is shown.
 */
const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'base',
  look: 'classic',
  securityLevel: 'strict',
  deterministicIds: true,
  fontFamily: 'Arial, "Liberation Sans", Helvetica, sans-serif',
  sequence: { width: 110, actorMargin: 24, boxMargin: 10, messageMargin: 36, mirrorActors: true, useMaxWidth: true },
} as const;

export interface DiagramRenderer {
  /** The flow's diagram as a complete, deterministic SVG document (ends with a newline). */
  render(flow: FlowDefinition): Promise<string>;
  close(): Promise<void>;
}

export async function launchDiagramRenderer(): Promise<DiagramRenderer> {
  const usesSystemChromium = existsSync(SYSTEM_CHROMIUM);
  let browser: Browser;
  try {
    browser = await chromium.launch({
      ...(usesSystemChromium ? { executablePath: SYSTEM_CHROMIUM } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
    });
  } catch (error) {
    throw new Error(
      `Cannot start Chromium to render the sequence diagrams (${usesSystemChromium ? SYSTEM_CHROMIUM : "playwright-core's browser"}). ` +
        'Install Chromium (apt install chromium) or run `npx playwright install chromium`.\n' +
        String(error),
    );
  }
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  const require = createRequire(import.meta.url);
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
  return {
    render: (flow) => renderInPage(page, flow),
    close: () => browser.close(),
  };
}

interface PageInput {
  id: string;
  text: string;
  config: typeof MERMAID_CONFIG;
  steps: { id: string }[];
}

async function renderInPage(page: Page, flow: FlowDefinition): Promise<string> {
  const input: PageInput = {
    id: diagramId(flow.slug),
    text: toMermaid(flow),
    config: MERMAID_CONFIG,
    steps: flow.steps.map((s) => ({ id: s.id })),
  };
  const svg = await page.evaluate(renderAndClean, input);
  return `${svg}\n`;
}

/**
 * Runs in the page: renders with Mermaid, then makes the SVG ours: no embedded stylesheet
 * or inline colours (the component styles it), no unused symbols, Mermaid's accessibility
 * attributes removed (the component names the image), no ids but its own and its markers', and each message's pieces (text
 * lines, arrow, number) wrapped in `<g class="message" data-step-index data-step-id>`, ending with
 * `<rect class="message-hit">`, the box around them (the step's link target, see `links.ts`).
 */
async function renderAndClean({ id, text, config, steps }: PageInput): Promise<string> {
  const mermaid = (globalThis as unknown as { mermaid: MermaidApi }).mermaid;
  mermaid.initialize({ ...config, deterministicIDSeed: id });
  const { svg } = await mermaid.render(id, text);
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  const fail = doc.querySelector('parsererror');
  if (fail) throw new Error(`Mermaid produced invalid SVG for ${id}: ${fail.textContent}`);

  for (const el of Array.from(root.querySelectorAll('style'))) el.remove();
  for (const name of ['role', 'aria-roledescription', 'aria-labelledby', 'aria-describedby']) root.removeAttribute(name);
  for (const el of Array.from(root.querySelectorAll('title, desc'))) el.remove();

  // Colours come from CSS: drop inline fill/stroke so custom properties win.
  for (const el of Array.from(root.querySelectorAll('[style]'))) {
    if (el === root) continue;
    const kept = (el.getAttribute('style') ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d && !/^(fill|stroke|filter)\s*:/.test(d));
    if (kept.length) el.setAttribute('style', kept.join('; '));
    else el.removeAttribute('style');
  }
  for (const el of Array.from(root.querySelectorAll('[filter]'))) el.removeAttribute('filter');

  // Keep only the definitions something refers to.
  const serialized = new XMLSerializer().serializeToString(root);
  for (const def of Array.from(root.querySelectorAll('defs > *[id]'))) {
    if (!serialized.includes(`#${def.id})`) && !serialized.includes(`"#${def.id}"`)) def.remove();
  }
  for (const defs of Array.from(root.querySelectorAll('defs'))) if (!defs.children.length) defs.remove();
  // Mermaid numbers actors with a counter shared by every diagram it draws (actor7, root-7…):
  // nothing refers to those ids, and keeping them would make a diagram depend on the ones drawn before it.
  for (const el of Array.from(root.querySelectorAll('[id]'))) if (!el.closest('defs')) el.removeAttribute('id');
  for (const g of Array.from(root.querySelectorAll('g'))) if (!g.childNodes.length) g.remove();

  const arrows = Array.from(root.querySelectorAll('[data-et="message"]')).sort(
    (a, b) => Number(a.getAttribute('data-id')?.slice(1)) - Number(b.getAttribute('data-id')?.slice(1)),
  );
  if (arrows.length !== steps.length) {
    throw new Error(`${id}: Mermaid drew ${arrows.length} messages for ${steps.length} steps`);
  }
  arrows.forEach((arrow, index) => {
    const parts: Element[] = [];
    let before = arrow.previousElementSibling;
    while (before && before.classList.contains('messageText')) {
      parts.unshift(before);
      before = before.previousElementSibling;
    }
    parts.push(arrow);
    let after = arrow.nextElementSibling;
    while (
      after &&
      ((after.tagName === 'line' && after.getAttribute('marker-start')?.includes('sequencenumber')) ||
        after.classList.contains('sequenceNumber'))
    ) {
      parts.push(after);
      after = after.nextElementSibling;
    }
    const group = doc.createElementNS('http://www.w3.org/2000/svg', 'g');
    group.setAttribute('class', 'message');
    group.setAttribute('data-step-index', String(index));
    group.setAttribute('data-step-id', steps[index]!.id);
    arrow.parentNode!.insertBefore(group, parts[0]!);
    for (const part of parts) group.appendChild(part);
    // Mermaid sets a self-message's text so low that its last line touches the step number.
    if (arrow.tagName === 'path') {
      for (const text of parts.filter((p) => p.classList.contains('messageText'))) text.setAttribute('transform', 'translate(0 -8)');
    }
  });

  // Each message's hit area: a box around its drawn parts, which `links.ts` turns into the step's link,
  // so the whole message (not only a 1.5px line) can be clicked and shows one focus ring.
  const drawn = document.body.appendChild(document.adoptNode(root));
  for (const group of Array.from(drawn.querySelectorAll<SVGGElement>('g.message'))) {
    const box = group.getBBox();
    const hit = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
    const pad = 4;
    const round = (n: number) => String(Math.round(n * 10) / 10);
    hit.setAttribute('x', round(box.x - pad));
    hit.setAttribute('y', round(box.y - pad));
    hit.setAttribute('width', round(box.width + 2 * pad));
    hit.setAttribute('height', round(box.height + 2 * pad));
    hit.setAttribute('class', 'message-hit');
    group.appendChild(hit);
  }
  drawn.remove();

  return new XMLSerializer().serializeToString(drawn);
}

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}
