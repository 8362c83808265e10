/**
 * The pages the reading journeys visit, enumerated from the flow registry and the
 * content folders (never hard-coded), so a new flow or guide is covered automatically.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flows } from '../src/flows/index.ts';
import { attacks } from '../src/flows/attacks/index.ts';
import { READY_COMPARISONS, comparePath } from '../src/compare/model.ts';

export interface ContentPage {
  slug: string;
  path: string;
  title: string;
}

const contentDir = join(import.meta.dirname, '..', 'content');

function frontmatterField(text: string, field: string): string | undefined {
  const frontmatter = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const value = new RegExp(`^${field}:\\s*(.+)$`, 'm').exec(frontmatter)?.[1]?.trim();
  return value?.replace(/^(['"])(.*)\1$/, '$2');
}

function mdxPages(dir: 'flows' | 'guides' | 'attacks'): ContentPage[] {
  return readdirSync(join(contentDir, dir))
    .filter((f) => f.endsWith('.mdx'))
    .map((f) => {
      const slug = f.replace(/\.mdx$/, '');
      const text = readFileSync(join(contentDir, dir, f), 'utf8');
      return { slug, path: `/${dir}/${slug}/`, title: frontmatterField(text, 'title') ?? slug };
    });
}

/** Flows with both a definition and an MDX page: exactly the flows that get a page. */
export const flowPages: ContentPage[] = mdxPages('flows').filter((p) => flows.some((f) => f.slug === p.slug));

export const guidePages: ContentPage[] = mdxPages('guides');

/** Attack lessons with both a definition and an MDX page. */
export const attackPages: ContentPage[] = mdxPages('attacks').filter((p) => attacks.some((a) => a.slug === p.slug));

/** Whether a guide's MDX embeds a diagram. */
export function guideHasDiagram(slug: string): boolean {
  return /<Diagram\s/.test(readFileSync(join(contentDir, 'guides', `${slug}.mdx`), 'utf8'));
}

/** The compare pages a reader reaches first: the chooser, one flow's choices, and the ready-made comparisons. */
export const comparePages: string[] = [
  '/compare/',
  '/compare/authorization-code/',
  ...READY_COMPARISONS.filter((c) => flowPages.some((p) => p.slug === c.a) && flowPages.some((p) => p.slug === c.b)).map((c) =>
    comparePath(c.a, c.b),
  ),
];

/** Every reading page of the site: home, lists, each flow and guide, the compare pages. */
export const readingPages: string[] = [
  '/',
  '/flows/',
  '/guides/',
  ...flowPages.map((p) => p.path),
  ...guidePages.map((p) => p.path),
  ...comparePages,
  '/attacks/',
  ...attackPages.map((p) => p.path),
];
