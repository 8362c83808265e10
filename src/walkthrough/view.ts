import type { SnapshotFrom } from 'xstate';
import { stepAnchor } from '../flows/derive';
import type { FlowDefinition, StepAction } from '../flows/types';
import { rfcUrl } from './inspector';
import { labClockLine } from './lab-clock';
import type { WalkthroughMachine } from './machine';
import type { Outcome } from './types';

/**
 * What the walk-through shows for a machine snapshot: the step card, the controls, the decision and
 * learner-action buttons, the outcome, the status announcement and what to highlight. Pure, so it is
 * unit-tested; `mount.ts` only writes it into the elements of `walkthrough-elements.ts`.
 */
export interface WalkthroughView {
  /** The machine is working (a step, a restore, a reset): `aria-busy`. */
  busy: boolean;
  state: string;
  count: string;
  label: string;
  teaches: string;
  /** The current step's RFC reference and where it links, if it has one. */
  rfc: { text: string; href: string } | null;
  /** `#step-<id>` of the current step's prose, once a step has run. */
  stepTextHref: string | null;
  upNext: string;
  /** "Lab clock: …", once a step has moved the learner's clock. */
  labClock: string | null;
  outcome: { kind: Outcome | 'note'; text: string } | null;
  /** The next step is a decision point the learner may answer with the Approve/Deny buttons. */
  atDecision: boolean;
  /** Learner actions the next step offers. */
  actions: readonly StepAction[];
  controls: {
    nextDisabled: boolean;
    backDisabled: boolean;
    playDisabled: boolean;
    playing: boolean;
    resetDisabled: boolean;
  };
  /** "Run to this step", offered for a linked step still ahead. */
  runTo: { stepId: string; target: string } | null;
  /** The step just run (its prose and Inspector entries are marked), or null before the first. */
  currentStepId: string | null;
  /** 0-based index of the diagram message to highlight, or null. */
  highlightIndex: number | null;
  /** What the status line announces ('' when nothing new). */
  announcement: string;
}

const START_TEXT = 'Press “Next step” to run the flow one real request at a time against this site’s authorization server.';

export function walkthroughView(
  snapshot: SnapshotFrom<WalkthroughMachine>,
  flow: FlowDefinition,
  /** The step an instructor's `#step-<id>` link names, if any; the clock for the lab clock line. */
  page: { linkedStepId?: string | null; nowMs: number },
): WalkthroughView {
  const { context } = snapshot;
  const total = flow.steps.length;
  const current = context.completed > 0 ? flow.steps[context.completed - 1]! : null;
  const upcoming = context.outcome === null ? flow.steps[context.completed] : undefined;
  const busy = snapshot.matches('running') || snapshot.matches('restoring') || snapshot.matches('resetting');
  const canStep = (snapshot.matches('ready') || snapshot.matches('waiting')) && upcoming !== undefined;
  const clockOffset = context.learner.lab_clock_offset_seconds;
  const linked = page.linkedStepId ? flow.steps.findIndex((step) => step.id === page.linkedStepId) : -1;
  const counted = `Step ${context.completed} of ${total}`;

  return {
    busy,
    state: String(snapshot.value),
    count: counted,
    label: current ? current.label : 'Ready to start',
    teaches: current ? current.teaches : START_TEXT,
    rfc: current?.rfc ? { text: current.rfc, href: rfcUrl(current.rfc) ?? '#' } : null,
    stepTextHref: current ? `#${stepAnchor(current)}` : null,
    upNext: upcoming ? `Next: ${context.completed + 1}. ${upcoming.label}` : '',
    labClock: clockOffset === undefined ? null : labClockLine(clockOffset, page.nowMs),
    outcome: context.outcome === null && !context.message ? null : { kind: context.outcome ?? 'note', text: context.message ?? '' },
    atDecision: canStep && Boolean(upcoming?.decision),
    actions: canStep && upcoming ? (upcoming.actions ?? []) : [],
    controls: {
      nextDisabled: !canStep,
      backDisabled: busy || context.history.length === 0,
      playDisabled: !context.playing && !canStep,
      playing: context.playing,
      resetDisabled: snapshot.matches('resetting'),
    },
    runTo:
      linked >= context.completed && canStep && !context.playing
        ? { stepId: flow.steps[linked]!.id, target: `${linked + 1}. ${flow.steps[linked]!.label}` }
        : null,
    currentStepId: current?.id ?? null,
    highlightIndex: context.completed > 0 ? context.completed - 1 : null,
    announcement:
      context.outcome !== null || (context.message && context.completed === total)
        ? `${counted}: ${current?.label ?? ''}. ${context.message ?? ''}`
        : current
          ? `${counted}: ${current.label}.`
          : busy
            ? ''
            : 'Walk-through ready.',
  };
}
