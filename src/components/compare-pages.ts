/**
 * The compare pages' routes, from the flows that have a page: every ordered pair of two
 * different flows gets `/compare/<a>/<b>/`, and every flow `/compare/<a>/` (choose the other).
 */
import { READY_COMPARISONS, comparePath } from '../compare/model';
import type { FlowDefinition } from '../flows/types';
import { getFlowPages } from './site-pages';

export interface ComparePair {
  a: FlowDefinition;
  b: FlowDefinition;
  href: string;
  title: string;
}

export const pairTitle = (a: FlowDefinition, b: FlowDefinition) => `${a.title} vs ${b.title}`;

/** The flows that can be compared, in reading order. */
export async function comparableFlows(): Promise<FlowDefinition[]> {
  return (await getFlowPages()).map((page) => page.flow);
}

/** Every ordered pair of two different flows. */
export async function comparePairs(): Promise<ComparePair[]> {
  const flows = await comparableFlows();
  return flows.flatMap((a) => flows.filter((b) => b !== a).map((b) => ({ a, b, href: comparePath(a.slug, b.slug), title: pairTitle(a, b) })));
}

/** The ready-made comparisons whose flows both have a page, with why each is worth a look. */
export async function readyComparisons(): Promise<(ComparePair & { why: string })[]> {
  const pairs = await comparePairs();
  return READY_COMPARISONS.flatMap((ready) => {
    const pair = pairs.find((p) => p.a.slug === ready.a && p.b.slug === ready.b);
    return pair ? [{ ...pair, why: ready.why }] : [];
  });
}
