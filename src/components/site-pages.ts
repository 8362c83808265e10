import { getCollection, type CollectionEntry } from 'astro:content';
import { flows as registry } from '../flows';
import { attacks as attackRegistry, type AttackDefinition } from '../flows/attacks';
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

export interface AttackPage extends NavItem {
  entry: CollectionEntry<'attacks'>;
  attack: AttackDefinition;
  slug: string;
  summary: string;
}

/** Attack lessons that have both a definition and an MDX page, in reading order. */
export async function getAttackPages(): Promise<AttackPage[]> {
  const entries = await getCollection('attacks');
  const pages: AttackPage[] = [];
  for (const entry of entries) {
    const attack = attackRegistry.find((a) => a.slug === entry.id);
    if (!attack) {
      console.warn(`content/attacks/${entry.id}.mdx has no attack definition in src/flows/attacks/index.ts; no page built.`);
      continue;
    }
    pages.push({ entry, attack, slug: entry.id, href: `/attacks/${entry.id}/`, title: entry.data.title, order: entry.data.order, summary: entry.data.summary });
  }
  return sortNavItems(pages);
}
