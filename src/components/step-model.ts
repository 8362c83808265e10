import type { FlowDefinition, FlowStep } from '../flows/types';

export interface LocatedStep {
  step: FlowStep;
  /** 1-based position in the flow, as shown in the heading "N. label". */
  number: number;
}

/** Finds a step of the flow by id, or explains which ids exist. */
export function locateStep(flow: FlowDefinition, id: string): LocatedStep {
  const index = flow.steps.findIndex((s) => s.id === id);
  const step = flow.steps[index];
  if (!step) {
    throw new Error(
      `<Step id="${id}"> in content/flows/${flow.slug}.mdx is not a step of the "${flow.slug}" flow. ` +
        `Its steps, in order: ${flow.steps.map((s) => s.id).join(', ')}.`,
    );
  }
  return { step, number: index + 1 };
}

/** "Client app → Browser", using the participants' labels. */
export function stepRoute(flow: FlowDefinition, step: FlowStep): string {
  const label = (id: string) => flow.participants.find((p) => p.id === id)?.label ?? id;
  return step.from === step.to ? `${label(step.from)} checks` : `${label(step.from)} → ${label(step.to)}`;
}

const KIND_LABELS: Record<FlowStep['kind'], string> = {
  request: 'request',
  redirect: 'redirect',
  response: 'response',
  check: 'check',
  user: 'user action',
};

/** Short description of what kind of step this is, e.g. "redirect · front channel". */
export function stepKindText(step: FlowStep): string {
  const channel = step.channel ? ` · ${step.channel} channel` : '';
  return `${KIND_LABELS[step.kind]}${channel}`;
}
