/**
 * The MDX pages agree with the flow definitions: every flow page has exactly one
 * `<Step id>` per step of its flow, in the flow's order, and guides link only to
 * flows that exist. Reads the MDX as text, like an author's linter would.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flows } from '../flows';

const root = join(import.meta.dirname, '..', '..', 'content');
const mdxFiles = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => ({ slug: f.replace(/\.mdx$/, ''), text: readFileSync(join(root, dir, f), 'utf8') }));

/** MDX without fenced code blocks, so an example `<Step>` inside ``` does not count. */
function withoutCodeFences(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The ids of `<Step id="…">` elements, in document order. */
export function stepIdsInMdx(text: string): string[] {
  return [...withoutCodeFences(text).matchAll(/<Step\s+id=(?:"([^"]*)"|'([^']*)'|\{["']([^"']*)["']\})/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? '',
  );
}

/** `relatedFlows` from the frontmatter, inline (`[a, b]`) or as a block list. */
export function relatedFlowsInFrontmatter(text: string): string[] {
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const inline = /^relatedFlows:\s*\[(.*)\]\s*$/m.exec(frontmatter);
  if (inline) {
    return (inline[1] ?? '')
      .split(',')
      .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
      .filter(Boolean);
  }
  const block = /^relatedFlows:\s*\n((?:[ \t]+-[^\n]*\n?)+)/m.exec(frontmatter);
  if (!block) return [];
  return [...(block[1] ?? '').matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1] ?? '');
}

describe('MDX parsing helpers', () => {
  it('finds Step ids in order and skips examples inside code fences', () => {
    const text = '<Step id="a">x</Step>\n```mdx\n<Step id="example">\n```\n<Step id=\'b\'>y</Step>';
    expect(stepIdsInMdx(text)).toEqual(['a', 'b']);
  });

  it('reads relatedFlows in both YAML list styles', () => {
    expect(relatedFlowsInFrontmatter('---\ntitle: x\nrelatedFlows: [pkce, "device-code"]\n---\n')).toEqual([
      'pkce',
      'device-code',
    ]);
    expect(relatedFlowsInFrontmatter('---\nrelatedFlows:\n  - pkce\n  - implicit\norder: 2\n---\n')).toEqual([
      'pkce',
      'implicit',
    ]);
  });
});

describe('flow pages match their flow definitions', () => {
  const pages = mdxFiles('flows');

  it('there is at least one flow page', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  for (const page of pages) {
    it(`content/flows/${page.slug}.mdx has a flow definition`, () => {
      expect(flows.map((f) => f.slug)).toContain(page.slug);
    });

    it(`content/flows/${page.slug}.mdx has exactly one <Step> per step, in order`, () => {
      const flow = flows.find((f) => f.slug === page.slug);
      expect(stepIdsInMdx(page.text)).toEqual(flow?.steps.map((s) => s.id));
    });
  }
});

describe('guides link only to flows that exist', () => {
  const known = flows.map((f) => f.slug);
  for (const page of mdxFiles('guides')) {
    it(`content/guides/${page.slug}.mdx relatedFlows are known flows`, () => {
      const unknown = relatedFlowsInFrontmatter(page.text).filter((slug) => !known.includes(slug));
      expect(unknown).toEqual([]);
    });
  }
});
