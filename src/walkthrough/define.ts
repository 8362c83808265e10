import { showsServerChecksOnly } from '../flows/derive';
import type { FlowDefinition, FlowStep, StepId } from '../flows/types';
import { pullNewServerEvents, type WalkthroughEnv } from './env';
import type { DecisionEffect, FieldName, FieldsWritten, FlowScript, StepEffect, StepEffects } from './types';

/**
 * A flow's live walk-through: its definition (steps, decision points, learner actions), the record
 * of learner data its steps read and write, and the effects of the steps that need their own.
 * Written with {@link defineWalkthrough}, so the script is keyed by the flow's step ids and the
 * compiler rejects a missing, extra or misspelt one.
 */
export interface Walkthrough<F extends FlowDefinition = FlowDefinition, K extends FieldName = FieldName> {
  readonly flow: F;
  /** The flow's record: the fields of `LearnerFields` its steps read and write (none given: all of them). */
  readonly fields?: readonly K[];
  /** The script's own effects (no defaults), for a given page. */
  readonly script: (env: WalkthroughEnv) => Readonly<Partial<Record<string, StepEffect<K> | DecisionEffect<K>>>>;
}

/** A script may name only the flow's step ids. */
export type OnlyStepIds<F extends FlowDefinition, S> = S & Record<Exclude<keyof S, StepId<F>>, never>;

/** Every field of the record is written by some step of the script (so no step reads a field nothing writes). */
type EveryFieldWritten<K extends FieldName, S> = [Exclude<K, FieldsWritten<S>>] extends [never]
  ? unknown
  : { readonly 'fields of the record that no step writes': Exclude<K, FieldsWritten<S>> };

/**
 * Declares the walk-through of `flow`: `script(env)` returns the effects of its steps, by step id.
 *
 * A flow declares its record of learner data as the list of field names of `LearnerFields` its steps
 * read and write, between the flow and the script (the types come from `LearnerFields`, never
 * redeclared):
 *
 * ```ts
 * export const pkceWalkthrough = defineWalkthrough(pkce, ['state', 'code', 'access_token'], (env) => ({ … }));
 * ```
 *
 * Then a step that reads or writes a field the list does not name, writes a field of the wrong type,
 * or uses a shared helper that reads or writes such a field, does not compile; nor does a list naming
 * a field that no step writes (so nothing reads a field its flow never writes). A helper of the
 * script's own annotates its effects with the record and what it writes, `StepEffect<Fields, 'api_status'>`
 * (plain `StepEffect<Fields>` counts as writing the whole record), where `type Fields = (typeof fields)[number]`
 * for a list declared `as const` above the script.
 */
export function defineWalkthrough<const F extends FlowDefinition, const K extends FieldName, S extends FlowScript<F, K>>(
  flow: F,
  fields: readonly K[],
  script: (env: WalkthroughEnv) => OnlyStepIds<F, S> & EveryFieldWritten<K, S>,
): Walkthrough<F, K> {
  return { flow, fields, script };
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
