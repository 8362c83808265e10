/**
 * The walk-throughs a class can follow, and the page each one lives on. Every flow is one; an attack
 * lesson joins this list with its own page path. The class server accepts exactly these slugs, the join
 * page sends a learner to their page, and every one of them must ask at least one question.
 */
import { flows } from '../flows';
import type { FlowDefinition } from '../flows/types';

export interface ClassFlow {
  flow: FlowDefinition;
  /** The page with its walk-through, e.g. `/flows/pkce/`. */
  path: string;
}

export const CLASS_FLOWS: readonly ClassFlow[] = [...flows.map((flow) => ({ flow, path: `/flows/${flow.slug}/` }))];

export function classFlow(slug: unknown): ClassFlow | undefined {
  return CLASS_FLOWS.find((entry) => entry.flow.slug === slug);
}
