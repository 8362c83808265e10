/**
 * A flow is defined once, as plain data. The sequence diagram, the walk-through's
 * step list and the `#step-<id>` anchors the prose links to are all derived from it
 * (see `derive.ts`), so they cannot drift apart.
 */

/** Who takes part in a flow. The id is used in the diagram; the label is shown. */
export interface Participant {
  /** Short identifier, letters only, e.g. `Browser`, `AS`. Used as the Mermaid participant id. */
  id: string;
  /** Human name shown in the diagram, e.g. "Authorization server". */
  label: string;
  /**
   * Drawn as a stick figure (`actor`) when `person`, as a box otherwise. `attacker`: the adversary of
   * an attack lesson (`src/flows/attacks/`), on an origin of its own.
   */
  kind: 'person' | 'browser' | 'client' | 'authserver' | 'resource' | 'device' | 'attacker';
}

/**
 * - `request`: an HTTP request (front or back channel).
 * - `redirect`: an HTTP redirect the browser follows (front channel).
 * - `response`: an HTTP response or reply.
 * - `check`: a participant verifies something on its own (state compare, PKCE hash…); drawn as a self-message.
 * - `user`: a person acts (logs in, approves, types a code).
 */
export type StepKind = 'request' | 'redirect' | 'response' | 'check' | 'user';

/**
 * A way for the learner to run a step other than its default, offered as a button while the step is
 * the next one (a teaching variant such as "Use a wrong client secret", or "Advance clock 1 hour").
 */
export interface StepAction {
  /** Stable kebab-case id: the step's effect receives it, prose and tests refer to the action by it. */
  id: string;
  /** The button's text, which is also its accessible name. */
  label: string;
}

export interface FlowStep<Id extends string = string> {
  /** Stable kebab-case id, used in URLs as `#step-<id>`. Never rename one that has shipped. */
  id: Id;
  /** Participant id that sends (or, for a check, performs) this step. */
  from: string;
  /** Participant id that receives it. Equal to `from` for a check. */
  to: string;
  kind: StepKind;
  /** Short label on the diagram arrow, e.g. "POST /oauth/token". */
  label: string;
  /** One sentence: what this step teaches. Shown in the walk-through. */
  teaches: string;
  /** The rule's source, e.g. "RFC 6749 §4.1.1". */
  rfc?: string;
  /** Whether the step travels through the user's browser (front) or directly between servers (back). */
  channel?: 'front' | 'back';
  /**
   * A decision point: the user answers inside the browser frame (approve or deny), and the
   * walk-through offers the answers as buttons too.
   */
  decision?: boolean;
  /** Learner actions the step offers besides its default (Next step and Play run the default). */
  actions?: readonly StepAction[];
  /**
   * The step only shows what the server recorded (its checks, its own view of a front-channel request):
   * it needs no effect of its own in the walk-through. A `check` by a server participant shows its checks too.
   */
  showsServerChecks?: boolean;

  // Facts the compare page tabulates (src/compare/): optional, set on the steps where they hold.
  /** The protocol parameters this step carries, by wire name; `name=value` where the flow fixes the value (`response_type=code`). */
  parameters?: readonly string[];
  /**
   * Who proves who they are in this step: `user` when the user signs in at the authorization server;
   * otherwise the client, by its token_endpoint_auth_method (RFC 7591 §2): `client_secret_basic`, or `none` for a public client.
   */
  authenticates?: 'user' | 'client_secret_basic' | 'none';
}

export interface FlowDefinition {
  /** URL slug: the page lives at `/flows/<slug>/`. */
  slug: string;
  /** Title, e.g. "Authorization Code". */
  title: string;
  participants: readonly Participant[];
  steps: readonly FlowStep[];
  /** Set on a flow kept only as a lesson: its walk-through is marked "Legacy — do not use" and points to `useInstead` (a flow slug). */
  legacy?: { useInstead: string };
  /** "Predict the next message" questions, each asked before its step runs (at least one per flow or attack lesson). */
  questions?: readonly StepQuestion[];
}

/**
 * A "predict the next message" question: asked before the step `step` runs, answered by choosing one
 * of 2 to 4 options; after the answer (in a class, after the instructor's reveal) the explanation is shown.
 */
export interface StepQuestion {
  /** The id of the step it is asked before: the learner predicts what that step does. */
  step: string;
  /** The question; it also names the radio group of its options. */
  text: string;
  /** Two to four answers, each one short sentence. */
  options: readonly [string, string, ...string[]];
  /** The index in `options` of the right answer. */
  answer: number;
  /** One paragraph: why the right answer is right, citing the RFC section (e.g. "RFC 6749 §10.12"). */
  explanation: string;
}

/** The ids of a flow's steps, as literal types when the flow is written `as const`. */
export type StepId<F extends FlowDefinition> = F['steps'][number]['id'];

/** The step of a flow with the given id. */
export type StepOf<F extends FlowDefinition, Id extends StepId<F>> = Extract<F['steps'][number], { id: Id }>;

/** Participant ids of the servers (authorization and resource servers): their checks are pulled from the server's trace. */
export type ServerParticipantId<F extends FlowDefinition> = Extract<F['participants'][number], { kind: 'authserver' | 'resource' }>['id'];

/** Steps whose walk-through effect is derived from the definition (`showsServerChecksOnly` in `derive.ts`). */
export type DefaultEffectStepId<F extends FlowDefinition> = Extract<
  F['steps'][number],
  { showsServerChecks: true } | { kind: 'check'; from: ServerParticipantId<F> }
>['id'];

