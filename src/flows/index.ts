import type { FlowDefinition } from './types';
import { authorizationCode } from './authorization-code';

/** Every flow the site teaches, in reading order. Add a flow here and it gets a page, a diagram and a walk-through. */
export const flows: readonly FlowDefinition[] = [authorizationCode];

export function getFlow(slug: string): FlowDefinition {
  const flow = flows.find((f) => f.slug === slug);
  if (!flow) throw new Error(`Unknown flow "${slug}". Known: ${flows.map((f) => f.slug).join(', ')}`);
  return flow;
}

export type { FlowDefinition, FlowStep, Participant, StepKind } from './types';
