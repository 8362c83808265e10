import { stepAnchor } from '../../flows/derive';
import type { FlowDefinition } from '../../flows/types';
import { inspectorEntries, verdictText, type InspectorField, type InspectorOptions } from '../inspector';
import type { TracedEvent } from '../types';

/**
 * "Print this run": every step of the flow, expanded, with the real values this run produced (a handout
 * is the learner's own record, so nothing is masked). Pure; `print-view.ts` writes it into the page.
 */
export interface PrintedStep {
  number: number;
  label: string;
  /** The step's prose section on the page (`#step-<id>`), copied under its heading. */
  anchor: string;
  rfc: string | null;
  /** The step's entries in the order the Inspector shows them, or none when the run has not reached it. */
  entries: PrintedEntry[];
  ran: boolean;
}

export interface PrintedEntry {
  title: string;
  parties: string;
  /** Labelled blocks of text: request line, query, headers, body, response, check inputs, detail. */
  blocks: { label: string; text: string }[];
}

const lines = (fields: readonly InspectorField[]) => fields.map((field) => `${field.name}: ${field.value}`).join('\n');

export function printRun(
  flow: FlowDefinition,
  trace: readonly TracedEvent[],
  completed: number,
  origin: string,
  options: InspectorOptions = {},
): { title: string; steps: PrintedStep[] } {
  const entries = inspectorEntries(trace, origin, options);
  return {
    title: `${flow.title}: this run, step by step`,
    steps: flow.steps.map((step, index) => ({
      number: index + 1,
      label: step.label,
      anchor: stepAnchor(step),
      rfc: step.rfc ?? null,
      ran: index < completed,
      entries: entries
        .filter((entry) => entry.stepId === step.id)
        .map((entry) => {
          const blocks: { label: string; text: string }[] = [];
          const add = (label: string, text: string | undefined | null) => {
            if (text) blocks.push({ label, text });
          };
          if (entry.request) {
            add('Request', entry.request.line);
            add('Query parameters', lines(entry.request.query));
            add('Request headers', lines(entry.request.headers));
            add('Request body', entry.request.body?.text);
          }
          if (entry.response) {
            add('Response', entry.response.line);
            add('Response headers', lines(entry.response.headers));
            add('Response body', entry.response.body?.text);
          }
          if (entry.kind === 'check') {
            add('Verdict', `${entry.verdict === 'pass' ? '✓' : '✗'} ${verdictText(entry.verdict ?? 'fail')}`);
            add('Inputs', lines(entry.inputs));
            add('Detail', entry.detail);
          }
          for (const jwt of entry.jwts) add(`Decoded JWT: ${jwt.where}`, jwt.payload);
          return { title: entry.title, parties: entry.parties, blocks };
        }),
    })),
  };
}
