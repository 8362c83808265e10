/**
 * Comparing two flows, derived only from their definitions (`src/flows/`): which steps they
 * share, which one adds and which it changes (by step id and label), and a short table of what
 * differs: the parameters each step sends, who authenticates, where the access token travels.
 * Pure data in, pure data out; the compare page (`src/pages/compare/`) only lays it out.
 */
import type { FlowDefinition, FlowStep } from '../flows/types.ts';

/**
 * How a step of one flow relates to the other flow:
 * - `shared`: the other flow has a step with the same id, the same label, between participants of the same kinds;
 * - `changed`: the other flow has a step with the same id, but its label, its kind or who sends or receives it differs;
 * - `added`: the other flow has no step with this id.
 */
export type StepStatus = 'shared' | 'changed' | 'added';

export interface ComparedStep {
  id: string;
  /** 1-based, as in the flow's diagram. */
  number: number;
  label: string;
  status: StepStatus;
  /** For a `changed` step, what differs, in words: "label", "sender", "receiver", "kind". */
  differences: string[];
}

/** One fact of a flow for the differences table. */
export interface Fact {
  text: string;
  /** The step the fact is about, 1-based, when there is one. */
  step?: number;
  /** What makes two facts the same across flows (participants by kind, so "Client app" and "Single-page app" compare as the app). */
  key: string;
}

/** A cell of the differences table: one flow's facts, each marked when the other flow lacks it. */
export interface DifferenceCell {
  items: (Fact & { onlyHere: boolean })[];
}

export interface DifferenceRow {
  /** What the row compares, e.g. "Parameters: token request". */
  topic: string;
  a: DifferenceCell;
  b: DifferenceCell;
  /** Both cells hold the same facts. */
  same: boolean;
  /** The facts are wire names (parameters), shown as code. */
  literal: boolean;
}

export interface FlowComparison {
  a: FlowDefinition;
  b: FlowDefinition;
  stepsA: ComparedStep[];
  stepsB: ComparedStep[];
  rows: DifferenceRow[];
}

/** Text and symbol of each status: shown beside the step, never by colour alone. */
export const STATUS_MARKS: Record<StepStatus, { symbol: string; text: string }> = {
  shared: { symbol: '=', text: 'shared' },
  changed: { symbol: '≠', text: 'changed' },
  added: { symbol: '+', text: 'added' },
};

const kindOf = (flow: FlowDefinition, participantId: string) => flow.participants.find((p) => p.id === participantId)?.kind;

/** What differs between two steps with the same id; empty when they are the same step. */
function stepDifferences(step: FlowStep, flow: FlowDefinition, twin: FlowStep, other: FlowDefinition): string[] {
  const differences: string[] = [];
  if (step.label !== twin.label) differences.push('label');
  if (step.kind !== twin.kind) differences.push('kind');
  if (kindOf(flow, step.from) !== kindOf(other, twin.from)) differences.push('sender');
  if (kindOf(flow, step.to) !== kindOf(other, twin.to)) differences.push('receiver');
  return differences;
}

/** Each step of `flow`, marked relative to `other`. */
export function compareSteps(flow: FlowDefinition, other: FlowDefinition): ComparedStep[] {
  return flow.steps.map((step, index) => {
    const twin = other.steps.find((s) => s.id === step.id);
    const differences = twin ? stepDifferences(step, flow, twin, other) : [];
    const status: StepStatus = !twin ? 'added' : differences.length ? 'changed' : 'shared';
    return { id: step.id, number: index + 1, label: step.label, status, differences };
  });
}

/** A step id in words, for a table row: `token-request` → "token request". */
export function stepTopic(id: string): string {
  return id.replace(/-/g, ' ');
}

const participantLabel = (flow: FlowDefinition, id: string) => flow.participants.find((p) => p.id === id)?.label ?? id;

/** How each value of `authenticates` reads. @see RFC 7591 §2 (token_endpoint_auth_method) */
const AUTHENTICATION_TEXT: Record<NonNullable<FlowStep['authenticates']>, string> = {
  user: 'signs in at the authorization server',
  client_secret_basic: 'client secret, HTTP Basic (RFC 6749 §2.3.1)',
  none: 'no secret: a public client (RFC 6749 §2.1)',
};

/** Who authenticates in a flow, step by step; says so when the client never does. */
export function whoAuthenticates(flow: FlowDefinition): Fact[] {
  const facts = flow.steps.flatMap((step, i): Fact[] =>
    step.authenticates
      ? [
          {
            text: `${participantLabel(flow, step.from)}: ${AUTHENTICATION_TEXT[step.authenticates]}`,
            step: i + 1,
            key: `${kindOf(flow, step.from)} ${step.authenticates}`,
          },
        ]
      : [],
  );
  const clientAuthenticates = flow.steps.some((s) => s.authenticates && s.authenticates !== 'user');
  return clientAuthenticates ? facts : [...facts, { text: 'The client is never authenticated', key: 'client unauthenticated' }];
}

/**
 * Where the access token travels: the steps that deliver it (a response or redirect whose label
 * names `access_token`) and the steps that present it (a request to the resource server).
 */
export function whereTheTokenTravels(flow: FlowDefinition): Fact[] {
  const fact = (step: FlowStep, i: number, what: 'Issued' | 'Presented'): Fact => {
    const channel = step.channel === 'front' ? 'front channel, through the browser' : 'back channel';
    return {
      text: `${what}: ${participantLabel(flow, step.from)} → ${participantLabel(flow, step.to)}, ${channel}${step.kind === 'redirect' ? ', in the redirect URL' : ''}`,
      step: i + 1,
      key: `${what} ${kindOf(flow, step.from)}>${kindOf(flow, step.to)} ${step.channel} ${step.kind}`,
    };
  };
  const facts = flow.steps.flatMap((step, i) => {
    if ((step.kind === 'response' || step.kind === 'redirect') && /\baccess_token\b/.test(step.label)) return [fact(step, i, 'Issued')];
    if (step.kind === 'request' && kindOf(flow, step.to) === 'resource') return [fact(step, i, 'Presented')];
    return [];
  });
  return facts.length ? facts : [{ text: 'No access token travels in this flow', key: 'no token' }];
}

/** Two lists of facts as table cells, each fact marked when the other list has none with its key. */
function cells(a: readonly Fact[], b: readonly Fact[]): Pick<DifferenceRow, 'a' | 'b' | 'same' | 'literal'> {
  const has = (list: readonly Fact[], key: string) => list.some((f) => f.key === key);
  const mark = (list: readonly Fact[], other: readonly Fact[]) => ({ items: list.map((f) => ({ ...f, onlyHere: !has(other, f.key) })) });
  const same = a.every((f) => has(b, f.key)) && b.every((f) => has(a, f.key));
  return { a: mark(a, b), b: mark(b, a), same, literal: false };
}

/** A step's parameters as facts (the parameter itself is the key). */
const parameterFacts = (flow: FlowDefinition, id: string): Fact[] =>
  (flow.steps.find((s) => s.id === id)?.parameters ?? []).map((p) => ({ text: p, key: p }));

/** One row per step id that sends parameters in either flow and whose parameters differ, in the order of `a` then `b`. */
function parameterRows(a: FlowDefinition, b: FlowDefinition): DifferenceRow[] {
  const ids = [...new Set([...a.steps, ...b.steps].filter((s) => s.parameters).map((s) => s.id))];
  return ids.flatMap((id) => {
    const row = cells(parameterFacts(a, id), parameterFacts(b, id));
    return row.same ? [] : [{ topic: `Parameters: ${stepTopic(id)}`, ...row, literal: true }];
  });
}

/** The whole comparison of `a` with `b`. */
export function compareFlows(a: FlowDefinition, b: FlowDefinition): FlowComparison {
  return {
    a,
    b,
    stepsA: compareSteps(a, b),
    stepsB: compareSteps(b, a),
    rows: [
      ...parameterRows(a, b),
      { topic: 'Who authenticates', ...cells(whoAuthenticates(a), whoAuthenticates(b)) },
      { topic: 'Where the access token travels', ...cells(whereTheTokenTravels(a), whereTheTokenTravels(b)) },
    ],
  };
}

/** A comparison a guide links to; flows that do not exist yet (Bearer vs DPoP, plain vs PAR) are added when they do. */
export interface ReadyComparison {
  a: string;
  b: string;
  /** Why the pair is worth comparing. */
  why: string;
}

export const READY_COMPARISONS: readonly ReadyComparison[] = [
  { a: 'authorization-code', b: 'pkce', why: 'What PKCE adds when the app has no secret.' },
  { a: 'implicit', b: 'pkce', why: 'Why the code exchange replaced the token in the redirect.' },
  { a: 'authorization-code', b: 'device-code', why: 'How a device without a browser gets the same consent.' },
  { a: 'pkce', b: 'dpop', why: 'Bearer vs DPoP: what binding the token to a key adds to a browser app.' },
  { a: 'authorization-code', b: 'par', why: 'plain vs PAR: what moves to the back channel when the request is pushed.' },
];

/** The compare page of a pair: `/compare/<a>/<b>/`. */
export function comparePath(a: string, b: string): string {
  return `/compare/${a}/${b}/`;
}
