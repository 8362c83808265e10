import { getCollection, type CollectionEntry } from 'astro:content';
import { flows as registry } from '../flows';
import type { FlowDefinition } from '../flows/types';
import { sortNavItems, type NavItem } from './nav-model';

export interface FlowPage extends NavItem {
  entry: CollectionEntry<'flows'>;
  flow: FlowDefinition;
  slug: string;
  summary: string;
  /** "Use this when…", or the summary until the author writes one. */
  useWhen: string;
  deprecated: boolean;
}

export interface GuidePage extends NavItem {
  entry: CollectionEntry<'guides'>;
  slug: string;
  summary: string;
}

/**
 * Flows that have both a definition in the registry and an MDX page, in reading order.
 * An MDX file without a definition gets no page (a unit test reports the mismatch).
 */
export async function getFlowPages(): Promise<FlowPage[]> {
  const entries = await getCollection('flows');
  const pages: FlowPage[] = [];
  for (const entry of entries) {
    const flow = registry.find((f) => f.slug === entry.id);
    if (!flow) {
      console.warn(`content/flows/${entry.id}.mdx has no flow definition in src/flows/index.ts; no page built.`);
      continue;
    }
    pages.push({
      entry,
      flow,
      slug: entry.id,
      href: `/flows/${entry.id}/`,
      title: entry.data.title,
      order: entry.data.order,
      summary: entry.data.summary,
      useWhen: entry.data.useWhen || entry.data.summary,
      deprecated: entry.data.deprecated,
    });
  }
  return sortNavItems(pages);
}

/** Every guide, in reading order. */
export async function getGuidePages(): Promise<GuidePage[]> {
  const entries = await getCollection('guides');
  return sortNavItems(
    entries.map((entry) => ({
      entry,
      slug: entry.id,
      href: `/guides/${entry.id}/`,
      title: entry.data.title,
      order: entry.data.order,
      summary: entry.data.summary,
    })),
  );
}
