import type { DefaultEffectStepId, FlowDefinition, FlowStep, StepId, StepOf } from '../flows/types';

export type { StepAction } from '../flows/types';
import type { TraceEvent } from '../trace/events';

/** A trace event as the walk-through keeps it: tagged with the step it belongs to and where it was recorded. */
export type TracedEvent = TraceEvent & {
  /** Id of the flow step during which the event was recorded. */
  stepId: string;
  /** `client`: recorded by the walk-through (it plays the client app); `server`: pulled from the server's trace. */
  recordedBy: 'client' | 'server';
  /** Set on what an attack lesson's attacker sent or recorded (the Inspector names the Attacker and where it is). */
  by?: AttackerMark;
  /** Set on what a client sent to the attacker's own server (the mix-up): the Inspector names it as the receiver. */
  to?: AttackerMark;
};

/** The mark of the attacker's events in an attack lesson: who, and from where. */
export interface AttackerMark {
  attacker: true;
  /** Where the attacker is, as `attackerLabel` names it: its origin, e.g. `http://127.0.0.1:4321`, or its path on the lab's origin, said so. */
  site: string;
}

/**
 * A trace event before the machine tags it with its step: still a discriminated union, so
 * `event.type === 'exchange'` narrows it (which `Omit<TracedEvent, 'stepId'>` would not).
 */
export type RecordedEvent = TraceEvent & { recordedBy: 'client' | 'server'; by?: AttackerMark; to?: AttackerMark };

/**
 * The dictionary of learner data: every field a step may record about what the learner's client app
 * has learned, by wire name, with its real type (statuses, lifetimes and counts are numbers, answers
 * the app decides on are unions). Each flow's walk-through picks its record from it, by field name
 * (see `defineWalkthrough`): its steps read and write only those fields, with these types.
 */
export interface LearnerFields {
  /** The authorization request the app built. @see RFC 6749 §4.1.1 */
  state: string;
  authorization_url: string;
  redirect_uri: string;
  client_id: string;
  /** Whether the native app's request carried a PKCE challenge. */
  pkce: 'S256' | 'none';
  /** PKCE. @see RFC 7636 §4.1, §4.2 */
  code_verifier: string;
  code_challenge: string;
  code_challenge_method: 'S256';
  sent_code_verifier: string;
  /** The user's answer at the consent page (`none`: not answered yet). */
  decision: Decision | 'none';
  /** The authorization response. @see RFC 6749 §4.1.2, RFC 9207 §2 */
  code: string;
  returned_state: string;
  iss: string;
  error: string;
  error_description: string;
  /** The token response, as text and by field. @see RFC 6749 §5.1, §5.2 */
  token_response: string;
  token_cache_control: string;
  access_token: string;
  token_type: string;
  /** Seconds: of the access token, or of the device code in the device flow. */
  expires_in: number;
  refresh_token: string;
  scope: string;
  token_error: string;
  token_error_text: string;
  /** The tokens before a refresh. @see RFC 6749 §6 */
  previous_access_token: string;
  previous_refresh_token: string;
  /** The API's answer. @see RFC 6750 §3 */
  api_status: number;
  api_response: string;
  api_www_authenticate: string;
  /** Revocation and introspection. @see RFC 7009 §2.2, RFC 7662 §2.2 */
  revocation_status: number;
  introspection_response: string;
  refresh_status: number;
  refresh_error: string;
  /** The device flow. @see RFC 8628 §3.2, §3.5 */
  device_authorization_response: string;
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  /** Seconds between polls. */
  interval: number;
  tv_screen: 'code' | 'signed-in' | 'photos';
  phone: 'scanned';
  poll_status: number;
  poll_response: string;
  poll_error: string;
  polls: number;
  photo_count: number;
  /** The server's lab clock after a step moved it, in seconds (offset from real time, and its "now"). */
  lab_clock_offset_seconds: number;
  lab_clock_now: number;
  // Attack lessons (src/walkthrough/attacks/): what the attacker holds, shown in the Attacker panel.
  /** The attacker's own account, and the login form they answer with it. */
  attacker_account: string;
  attacker_form_action: string;
  attacker_form_body: string;
  /** What the attacker obtained: a code, tokens, and their own API call. */
  attacker_code: string;
  /** The PKCE verifier the victim's app sent with the code to the attacker's token endpoint (mix-up). */
  attacker_code_verifier: string;
  attacker_state: string;
  attacker_access_token: string;
  attacker_refresh_token: string;
  attacker_token_error: string;
  attacker_api_status: number;
  attacker_api_response: string;
  /** The URL the attacker makes the victim's browser load. */
  forged_url: string;
  /** What a third-party script on the victim's page sent the attacker: the page's address, and the Referer of its own request. */
  leaked_url: string;
  leaked_referer: string;
  /** Whose account the victim's app ended up signed in to (login CSRF). */
  signed_in_as: string;
  /** OpenID Connect: the login's nonce, the ID token, the user it signs in, UserInfo. @see OIDC Core §3.1.2.1, §3.1.3.7, §5.3 */
  nonce: string;
  id_token: string;
  signed_in_sub: string;
  userinfo_status: number;
  userinfo_response: string;
  /** Pushed authorization requests. @see RFC 9126 §2.2 */
  request_uri: string;
  request_uri_expires_in: number;
  reused_request_uri_status: number;
  reused_request_uri_error: string;
  /** DPoP: the key's JWK thumbprint, the server's nonce, the proof last sent. @see RFC 9449 §4.2, §6.1, §8 */
  dpop_jkt: string;
  dpop_nonce: string;
  dpop_proof: string;
  /** MCP authorization: the challenge, the metadata the client followed, its registration, the MCP answers. @see RFC 9728, RFC 8414, RFC 7591, RFC 8707 */
  mcp_status: number;
  mcp_www_authenticate: string;
  mcp_response: string;
  resource_metadata_url: string;
  resource_metadata: string;
  authorization_server_metadata: string;
  resource: string;
  requested_resource: string;
  authorization_server: string;
  registration_endpoint: string;
  registered_client_id: string;
}

/** The name of a field of the learner data: a key of the dictionary {@link LearnerFields}. */
export type FieldName = keyof LearnerFields;

/**
 * Marks which fields a value of {@link LearnerData} may be read for. Type-only (never present at
 * run time): it makes `LearnerData<K>` assignable to `LearnerData<R>` only when `R` is part of `K`,
 * so a helper that reads a field cannot be handed the data of a flow whose record lacks it.
 */
declare const readableFields: unique symbol;

/**
 * What the learner's client app has learned so far, in a flow whose record is the fields `K`
 * (their types come from {@link LearnerFields}): reading any other field does not compile.
 * Without `K`, every field of the dictionary (the machine's and the view's view of it).
 */
export type LearnerData<K extends FieldName = FieldName> = Readonly<Partial<Pick<LearnerFields, K>>> & {
  readonly [readableFields]?: { readonly [N in K]: true };
};

/**
 * What a step may write in a flow whose record is the fields `K`: any of them, with its type from
 * {@link LearnerFields}; any other field of the dictionary is typed `never`, so writing it does not compile.
 */
export type LearnerWrites<K extends FieldName = FieldName> = Partial<Pick<LearnerFields, K>> & {
  readonly [N in Exclude<FieldName, K>]?: never;
};

/** The user's answer on the consent page. */
export type Decision = 'approve' | 'deny';

/** How a run of the walk-through ended. */
export type Outcome = 'done' | 'denied' | 'error';

/** What a step's effect receives: it may read the learner data's fields `R`. */
export interface StepInput<R extends FieldName = FieldName> {
  step: FlowStep;
  /** Zero-based position of the step in the flow. */
  index: number;
  learner: LearnerData<R>;
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

/** Where a step stands in the trace: what the Inspector shows so far and the server trace position pulled. */
export type TracePosition = Pick<StepInput<never>, 'trace' | 'serverSeq'>;

/** What a step's effect produced (writing the learner data's fields `W`); the machine merges it into its context. */
export interface StepResult<W extends FieldName = FieldName> {
  /** Values to add to (or overwrite in) the learner data. */
  learner?: LearnerWrites<W>;
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

/**
 * The real work one flow step does (navigation, fetch, check), reading the learner data's fields `R`
 * and writing the fields `W`. Such an effect fits a flow whose record holds both `R` and `W`: a shared
 * helper states exactly what it reads and writes, and a flow's own steps read and write its record.
 * Without parameters: any field of the dictionary (every effect is assignable to that).
 */
export interface StepEffect<R extends FieldName = FieldName, W extends FieldName = R> {
  // A property, not a method: its input is then checked contravariantly, which is what rejects a
  // helper that reads a field the flow's record lacks.
  readonly run: (input: StepInput<R>) => Promise<StepResult<W>>;
}

/**
 * The effect of a decision point (a step marked `decision` in the flow), where the user answers
 * inside the browser frame. `isAnswer(url)` tells whether a frame navigation to `url` is the
 * server's answer (the redirect back to the client), which completes the step.
 */
export interface DecisionEffect<R extends FieldName = FieldName, W extends FieldName = R> extends StepEffect<R, W> {
  isAnswer(url: string): boolean;
}

/** The effect a step needs in a flow whose record is `K`: a decision point also recognises the server's answer. */
type EffectFor<Step, K extends FieldName> = Step extends { decision: true } ? DecisionEffect<K> : StepEffect<K>;

/**
 * A flow's effects, keyed by the step ids of its definition: a missing, extra or misspelt id is a
 * type error. Steps that only show the server's checks have a default effect and may be left out.
 * Every effect reads and writes only the fields `K` of the flow's record.
 */
export type FlowScript<F extends FlowDefinition = FlowDefinition, K extends FieldName = FieldName> = {
  readonly [Id in Exclude<StepId<F>, DefaultEffectStepId<F>>]: EffectFor<StepOf<F, Id>, K>;
} & {
  readonly [Id in DefaultEffectStepId<F>]?: EffectFor<StepOf<F, Id>, K>;
};

/** The fields a learner-data type really holds: those not typed `never` (see {@link LearnerWrites}). */
type DefinedFields<L> = { [N in keyof L]-?: [Exclude<L[N], undefined>] extends [never] ? never : N }[keyof L] & FieldName;

/** The fields one effect's results write, read from the type of its `run`. */
type WrittenByEffect<E> = E extends { run: (...args: never[]) => Promise<infer Result> }
  ? Result extends { learner?: infer L }
    ? DefinedFields<NonNullable<L>>
    : never
  : never;

/** The fields some step of a script writes. */
export type FieldsWritten<S> = { [Id in keyof S]-?: WrittenByEffect<S[Id]> }[keyof S];

/** Every step's effect, by step id, once the defaults are filled in. */
export type StepEffects = Readonly<Record<string, StepEffect | DecisionEffect>>;
