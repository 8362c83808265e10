import { showsServerChecksOnly } from '../flows/derive';
import type { FlowDefinition, FlowStep, StepId } from '../flows/types';
import { pullNewServerEvents, type WalkthroughEnv } from './env';
import type { DecisionEffect, FlowScript, StepEffect, StepEffects } from './types';

/**
 * A flow's live walk-through: its definition (steps, decision points, learner actions) and the
 * effects of the steps that need their own. Written with {@link defineWalkthrough}, so the script is
 * keyed by the flow's step ids and the compiler rejects a missing, extra or misspelt one.
 */
export interface Walkthrough<F extends FlowDefinition = FlowDefinition> {
  readonly flow: F;
  /** The script's own effects (no defaults), for a given page. */
  readonly script: (env: WalkthroughEnv) => Readonly<Partial<Record<string, StepEffect | DecisionEffect>>>;
}

/** A script may name only the flow's step ids. */
export type OnlyStepIds<F extends FlowDefinition, S> = S & Record<Exclude<keyof S, StepId<F>>, never>;

/** Declares the walk-through of `flow`: `script(env)` returns the effects of its steps, by step id. */
export function defineWalkthrough<const F extends FlowDefinition, S extends FlowScript<F>>(
  flow: F,
  script: (env: WalkthroughEnv) => OnlyStepIds<F, S>,
): Walkthrough<F> {
  return { flow, script };
}

/** The default effect of a step that only shows the server's side: pull what it recorded since the last pull. */
export function serverTraceStep(env: WalkthroughEnv): StepEffect {
  return {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      return { events: pulled.events, serverSeq: pulled.serverSeq };
    },
  };
}

/** Steps of the flow that have neither an effect in the script nor a default one. */
export function stepsWithoutEffect(flow: FlowDefinition, script: Readonly<Partial<Record<string, StepEffect>>>): FlowStep[] {
  return flow.steps.filter((step) => !script[step.id] && !showsServerChecksOnly(flow, step));
}

/** Steps marked as decision points whose effect cannot recognise the server's answer in the frame. */
export function decisionsWithoutAnswer(flow: FlowDefinition, script: Readonly<Partial<Record<string, StepEffect>>>): FlowStep[] {
  return flow.steps.filter((step) => step.decision && !isDecisionEffect(script[step.id]));
}

/** Whether an effect can recognise the server's answer in the frame (a decision point's effect). */
export function isDecisionEffect(effect: StepEffect | undefined): effect is DecisionEffect {
  return typeof (effect as Partial<DecisionEffect> | undefined)?.isAnswer === 'function';
}

/** Every step's effect: the script's own, or the default for a step that only shows the server's checks. */
export function stepEffects(walkthrough: Walkthrough, env: WalkthroughEnv): StepEffects {
  const { flow } = walkthrough;
  const script = walkthrough.script(env);
  const missing = [...stepsWithoutEffect(flow, script), ...decisionsWithoutAnswer(flow, script)];
  if (missing.length) throw new Error(`The ${flow.slug} walk-through has no effect for step "${missing[0]!.id}".`);
  const fallback = serverTraceStep(env);
  return Object.fromEntries(flow.steps.map((step) => [step.id, script[step.id] ?? fallback]));
}
