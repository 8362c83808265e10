/**
 * Everything derived from a flow definition: the Mermaid `sequenceDiagram` text, the
 * walk-through's ordered step list and the `#step-<id>` anchors the prose links to.
 * Pure functions, no DOM, so the agreement between them is unit-tested.
 */
import type { FlowDefinition, FlowStep, StepAction, StepKind } from './types.ts';

/** A flow step as the walk-through and the prose see it. `index` is 0-based and equals the message's position in the diagram. */
export interface WalkthroughStep {
  id: string;
  /** 0-based position; the diagram's `index`-th message is this step. */
  index: number;
  /** 1-based number, as printed next to the arrow in the diagram. */
  number: number;
  label: string;
  kind: StepKind;
  from: string;
  to: string;
  teaches: string;
  rfc: string | undefined;
  channel: 'front' | 'back' | undefined;
  /** Fragment id of the step's prose section, without `#`: `step-<id>`. */
  anchor: string;
}

/** The fragment id of a step's prose section (without the `#`). */
export function stepAnchor(step: Pick<FlowStep, 'id'>): string {
  return `step-${step.id}`;
}

/**
 * Whether a step only shows the server's side: marked `showsServerChecks`, or a `check` performed by a
 * server participant. The walk-through gives such a step a default effect (pull the server's trace).
 */
export function showsServerChecksOnly(flow: FlowDefinition, step: FlowStep): boolean {
  if (step.showsServerChecks) return true;
  if (step.kind !== 'check') return false;
  const performer = flow.participants.find((p) => p.id === step.from);
  return performer?.kind === 'authserver' || performer?.kind === 'resource';
}

/** A learner action of the flow by its id, with the step that offers it; throws for an unknown id (a typo in the prose). */
export function findStepAction(flow: FlowDefinition, actionId: string): { step: FlowStep; action: StepAction } {
  for (const step of flow.steps) {
    const action = step.actions?.find((candidate) => candidate.id === actionId);
    if (action) return { step, action };
  }
  throw new Error(`The ${flow.slug} flow has no learner action "${actionId}".`);
}

/** The ordered steps of a flow, ready for the walk-through. */
export function walkthroughSteps(flow: FlowDefinition): WalkthroughStep[] {
  return flow.steps.map((step, index) => ({
    id: step.id,
    index,
    number: index + 1,
    label: step.label,
    kind: step.kind,
    from: step.from,
    to: step.to,
    teaches: step.teaches,
    rfc: step.rfc,
    channel: step.channel,
    anchor: stepAnchor(step),
  }));
}

/**
 * Characters that end a Mermaid statement, start a comment or an entity, or would be read
 * as HTML, written as Mermaid entity codes (`#name;` or `#<decimal>;`), which Mermaid
 * turns back into the character when it draws the text.
 */
const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;',
  ';': '#59;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '"': '#quot;',
  '{': '#123;',
  '}': '#125;',
  '%': '#37;',
};

/** Makes any text safe as a Mermaid message text or participant alias. */
export function escapeMermaidText(text: string): string {
  return text.replace(/[#;&<>"{}%]/g, (ch) => MERMAID_ENTITIES[ch] ?? ch).replace(/\s+/g, ' ').trim();
}

/** Reverses {@link escapeMermaidText}: what Mermaid will show for an escaped text. */
export function unescapeMermaidText(text: string): string {
  const byCode = new Map(Object.entries(MERMAID_ENTITIES).map(([ch, code]) => [code, ch]));
  return text.replace(/#(?:[a-z]+|\d+);/g, (code) => byCode.get(code) ?? code);
}

/** Solid arrows for what a participant sends or does, dashed for replies. @see https://mermaid.js.org/syntax/sequenceDiagram.html#messages */
const ARROW: Record<StepKind, '->>' | '-->>'> = {
  request: '->>',
  redirect: '->>',
  user: '->>',
  check: '->>',
  response: '-->>',
};

/** Longest line of an arrow's label before it wraps, in characters; keeps diagrams narrow enough to read. */
export const LABEL_LINE_LENGTH = 22;

/** Longest line of a participant's name, so boxes stay narrow ("Authorization / server"). */
export const PARTICIPANT_LINE_LENGTH = 14;

/** Mermaid's line break inside a message text. */
export const MERMAID_LINE_BREAK = '<br/>';

/**
 * Splits a label into lines of at most `max` characters: at spaces, and inside long URLs
 * before `?` and `&`. Joining the lines (with a space where a space was) gives the label back.
 */
export function wrapLabel(label: string, max = LABEL_LINE_LENGTH): string[] {
  const pieces = label.split(/(?<= )|(?=[?&]\S)/);
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    // A lone closing bracket or ellipsis stays with the line before it.
    const tooLong = (line + piece).trimEnd().length > max && !/^[\])}…]$/.test(piece.trim());
    if (line && tooLong) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += piece;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** The Mermaid line for one step; a `check` is a self-message on the participant that performs it. */
export function mermaidMessage(step: FlowStep): string {
  const to = step.kind === 'check' ? step.from : step.to;
  const text = wrapLabel(step.label).map(escapeMermaidText).join(MERMAID_LINE_BREAK);
  return `${step.from}${ARROW[step.kind]}${to}: ${text}`;
}

/**
 * The flow as a Mermaid `sequenceDiagram`: participants in declared order (`actor` for
 * people), then exactly one message per step, in step order, so the i-th message of the
 * rendered SVG is the i-th step. Numbered to match the walk-through.
 */
export function toMermaid(flow: FlowDefinition): string {
  const lines = ['sequenceDiagram', '  autonumber'];
  for (const p of flow.participants) {
    const label = wrapLabel(p.label, PARTICIPANT_LINE_LENGTH).map(escapeMermaidText).join(MERMAID_LINE_BREAK);
    lines.push(`  ${p.kind === 'person' ? 'actor' : 'participant'} ${p.id} as ${label}`);
  }
  for (const step of flow.steps) lines.push(`  ${mermaidMessage(step)}`);
  return `${lines.join('\n')}\n`;
}
