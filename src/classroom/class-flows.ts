/**
 * The walk-throughs a class can follow, and the page each one lives on: every flow (`/flows/<slug>/`)
 * and every attack lesson (`/attacks/<slug>/`). The class server accepts exactly these slugs, the join
 * page sends a learner to their page, and every one of them must ask at least one question.
 */
import { flows } from '../flows';
import { attacks, lessonPath } from '../flows/attacks';
import type { FlowDefinition } from '../flows/types';

export interface ClassFlow {
  flow: FlowDefinition;
  /** The page with its walk-through, e.g. `/flows/pkce/`. */
  path: string;
}

export const CLASS_FLOWS: readonly ClassFlow[] = [...flows, ...attacks].map((flow) => ({ flow, path: lessonPath(flow) }));

export function classFlow(slug: unknown): ClassFlow | undefined {
  return CLASS_FLOWS.find((entry) => entry.flow.slug === slug);
}
