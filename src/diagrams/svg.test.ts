import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { flows } from '../flows/index.ts';
import { attacks } from '../flows/attacks/index.ts';

const svgDir = new URL('./svg/', import.meta.url);
const readSvg = (slug: string) => readFileSync(new URL(`${slug}.svg`, svgDir), 'utf8');

/** Decodes the few XML entities an SVG's text can contain. */
const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
const squash = (text: string) => text.replace(/\s+/g, '');

/** Each `<g class="message">` group of the SVG text, with its attributes and inner markup. */
function messageGroups(svg: string) {
  const groups: { index: number; stepId: string; body: string }[] = [];
  const open = /<g class="message" data-step-index="(\d+)" data-step-id="([^"]+)">/g;
  for (let m = open.exec(svg); m; m = open.exec(svg)) {
    const start = m.index + m[0].length;
    groups.push({ index: Number(m[1]), stepId: m[2]!, body: svg.slice(start, svg.indexOf('</g>', start)) });
  }
  return groups;
}

describe('committed diagrams', () => {
  it('exist for every registered flow and for no other', () => {
    const files = readdirSync(svgDir).filter((f) => f.endsWith('.svg')).sort();
    expect(files).toEqual([...flows, ...attacks].map((f) => `${f.slug}.svg`).sort());
  });

  describe.each([...flows, ...attacks].map((flow) => [flow.slug, flow] as const))('%s.svg', (slug, flow) => {
    const svg = readSvg(slug);

    it('has exactly one message per step, in step order', () => {
      const groups = messageGroups(svg);
      expect(groups).toHaveLength(flow.steps.length);
      expect(svg.match(/data-et="message"/g)).toHaveLength(flow.steps.length);
      groups.forEach((group, i) => {
        const step = flow.steps[i]!;
        expect(group.index).toBe(i);
        expect(group.stepId).toBe(step.id);
        // One arrow per group: a line between two participants, or a loop (path) for a check.
        const arrows = group.body.match(/<(line|path)[^>]*data-et="message"[^>]*>/g) ?? [];
        expect(arrows, step.id).toHaveLength(1);
        expect(arrows[0]!.startsWith(step.kind === 'check' ? '<path' : '<line'), step.id).toBe(true);
        expect(arrows[0], step.id).toContain(`data-from="${step.from}"`);
        expect(arrows[0], step.id).toContain(`class="${step.kind === 'response' ? 'messageLine1' : 'messageLine0'}"`);
        const shown = [...group.body.matchAll(/<text[^>]*class="messageText"[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]);
        expect(squash(decode(shown.join(''))), step.id).toBe(squash(step.label));
        expect(group.body, step.id).toContain(`class="sequenceNumber">${i + 1}</text>`);
        // Last, the box around the drawn parts: the step's link target on the page (links.ts).
        expect(group.body, step.id).toMatch(/<rect x="[-\d.]+" y="[-\d.]+" width="[\d.]+" height="[\d.]+" class="message-hit"\/>$/);
      });
    });

    it('is self-contained and themable: its own id, no stylesheet, no script, no inline colours', () => {
      expect(svg).toMatch(new RegExp(`^<svg [^>]*id="diagram-${slug}"`));
      expect(svg).not.toMatch(/<style|<script|<foreignObject/);
      expect(svg).not.toMatch(/style="[^"]*(fill|stroke)\s*:/);
      // Marker ids are prefixed with the diagram id, so several diagrams can share a page.
      const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
      expect(ids[0]).toBe(`diagram-${slug}`);
      for (const id of ids.slice(1)) expect(id).toMatch(new RegExp(`^diagram-${slug}-(arrowhead|sequencenumber|crosshead|filled-head)$`));
    });
  });
});

describe('npm run diagrams', () => {
  it('loads the flow definitions and the renderer in plain Node (relative imports carry .ts)', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { flows } = await import('./src/flows/index.ts'); await import('./src/diagrams/render.ts'); console.log(flows.length);",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.stdout.trim()).toBe(String(flows.length));
  }, 60_000);
});
