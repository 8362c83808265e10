import type { DefaultEffectStepId, FlowDefinition, FlowStep, StepId, StepOf } from '../flows/types';

export type { StepAction } from '../flows/types';
import type { TraceEvent } from '../trace/events';

/** A trace event as the walk-through keeps it: tagged with the step it belongs to and where it was recorded. */
export type TracedEvent = TraceEvent & {
  /** Id of the flow step during which the event was recorded. */
  stepId: string;
  /** `client`: recorded by the walk-through (it plays the client app); `server`: pulled from the server's trace. */
  recordedBy: 'client' | 'server';
};

/**
 * A trace event before the machine tags it with its step: still a discriminated union, so
 * `event.type === 'exchange'` narrows it (which `Omit<TracedEvent, 'stepId'>` would not).
 */
export type RecordedEvent = TraceEvent & { recordedBy: 'client' | 'server' };

/** What the learner's client app has learned so far (state, code, tokens, PKCE verifier…), by wire name. */
export type LearnerData = Readonly<Record<string, string>>;

/** The user's answer on the consent page. */
export type Decision = 'approve' | 'deny';

/** How a run of the walk-through ended. */
export type Outcome = 'done' | 'denied' | 'error';

/** What a step's effect receives. */
export interface StepInput {
  step: FlowStep;
  /** Zero-based position of the step in the flow. */
  index: number;
  learner: LearnerData;
  /** What the Inspector shows so far (to avoid showing an exchange twice). */
  trace: readonly TracedEvent[];
  /** The frame's URL when the step starts (null when blank). */
  frameUrl: string | null;
  /** The server trace position already shown: pull events `after` it. */
  serverSeq: number;
  /** At a decision point: what the learner chose (none when playing or pressing Next: approve). */
  decision?: Decision;
  /** The id of the learner action chosen for this step (none when playing or pressing Next: the step's default). */
  action?: string;
}

/** What a step's effect produced; the machine merges it into its context. */
export interface StepResult {
  /** Values to add to (or overwrite in) the learner data. */
  learner?: Record<string, string>;
  /** New trace events, in order, already tagged with where they were recorded. */
  events?: ReadonlyArray<RecordedEvent>;
  frameUrl?: string | null;
  /** New server trace position after a pull. */
  serverSeq?: number;
  /** Set when the run ends at this step (denied, error). The last step ends with `done` on its own. */
  outcome?: Exclude<Outcome, 'done'>;
  /** One or two sentences for the learner about the outcome. */
  message?: string;
}

/** The real work one flow step does (navigation, fetch, check). */
export interface StepEffect {
  run(input: StepInput): Promise<StepResult>;
}

/**
 * The effect of a decision point (a step marked `decision` in the flow), where the user answers
 * inside the browser frame. `isAnswer(url)` tells whether a frame navigation to `url` is the
 * server's answer (the redirect back to the client), which completes the step.
 */
export interface DecisionEffect extends StepEffect {
  isAnswer(url: string): boolean;
}

/** The effect a step needs: a decision point also recognises the server's answer. */
type EffectFor<Step> = Step extends { decision: true } ? DecisionEffect : StepEffect;

/**
 * A flow's effects, keyed by the step ids of its definition: a missing, extra or misspelt id is a
 * type error. Steps that only show the server's checks have a default effect and may be left out.
 */
export type FlowScript<F extends FlowDefinition = FlowDefinition> = {
  readonly [Id in Exclude<StepId<F>, DefaultEffectStepId<F>>]: EffectFor<StepOf<F, Id>>;
} & {
  readonly [Id in DefaultEffectStepId<F>]?: EffectFor<StepOf<F, Id>>;
};

/** Every step's effect, by step id, once the defaults are filled in. */
export type StepEffects = Readonly<Record<string, StepEffect | DecisionEffect>>;
