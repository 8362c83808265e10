/**
 * How the instructor ran each step, so every follower runs it the same way: the non-default choice
 * at a step, by id from the flow definition (`deny` at a decision point, or one of the step's learner
 * action ids such as `wrong-client-secret`). A step missing from the map ran by its default (Next
 * step: approve at a decision point). Pure: the class server validates with it, the binder follows it.
 */
import type { FlowDefinition, FlowStep } from '../flows/types';
import type { Decision } from '../walkthrough/types';

/** Step id → the non-default choice it ran with. */
export type StepChoices = Readonly<Record<string, string>>;

/** A decision point's non-default answer (approve is what Next step gives). */
const DENY: Decision = 'deny';

/** The non-default choices a step offers. */
export function choicesOf(step: FlowStep): string[] {
  return [...(step.decision ? [DENY] : []), ...(step.actions ?? []).map((action) => action.id)];
}

/** The choice a step ran with, from what the walk-through handed its effect; `null` for the default. */
export function choiceOf(step: FlowStep | undefined, decision: Decision | null | undefined, action: string | null | undefined): string | null {
  if (!step) return null;
  const choice = action ?? (decision === DENY ? DENY : null);
  return choice !== null && choicesOf(step).includes(choice) ? choice : null;
}

/** Whether `choice` is the decision (rather than a learner action) of this step. */
export function isDecisionChoice(step: FlowStep, choice: string): choice is Decision {
  return Boolean(step.decision) && choice === DENY;
}

/**
 * Checks choices sent for the first `completed` steps: an object of step id → one of that step's
 * choices. Returns the reason it is not, or the choices.
 */
export function parseChoices(flow: FlowDefinition, completed: number, value: unknown): { choices: StepChoices } | { error: string } {
  if (value === undefined) return { choices: {} };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'choices must be an object of step id to choice id' };
  const ran = flow.steps.slice(0, completed);
  const choices: Record<string, string> = {};
  for (const [stepId, choice] of Object.entries(value)) {
    const step = ran.find((candidate) => candidate.id === stepId);
    if (!step) return { error: `choices names ${JSON.stringify(stepId)}, which is not one of the ${completed} steps run` };
    if (typeof choice !== 'string' || !choicesOf(step).includes(choice)) {
      return { error: `the choice at ${stepId} must be one of: ${choicesOf(step).join(', ') || '(none: the step has only its default)'}` };
    }
    choices[stepId] = choice;
  }
  return { choices };
}

/** How many of the first `count` steps two runs ran the same way. */
export function stepsAlike(flow: FlowDefinition, mine: StepChoices, theirs: StepChoices, count: number): number {
  const steps = flow.steps.slice(0, count);
  const differs = steps.findIndex((step) => (mine[step.id] ?? null) !== (theirs[step.id] ?? null));
  return differs === -1 ? steps.length : differs;
}
