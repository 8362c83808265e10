import { stepAnchor } from '../../flows/derive';
import type { FlowDefinition } from '../../flows/types';
import type { WalkthroughView } from '../view';

/**
 * The stage view ("Present"): the same walk-through laid out for a projector. Pure: what the stage
 * shows for a walk-through view, which command a key is, and what the class slot says. The binder
 * (`mount-stage.ts`) writes it into the `<dialog>` of `StageView.astro`.
 */
export interface StageView {
  /** "Authorization Code · Step 3 of 13". */
  heading: string;
  /** The current step's label, or the flow's start text before the first step. */
  label: string;
  /** The id of the prose section (`#step-<id>`) the stage shows, or null before the first step. */
  proseAnchor: string | null;
  /** The step whose Inspector entries the stage shows. */
  currentStepId: string | null;
  highlightIndex: number | null;
  nextDisabled: boolean;
  backDisabled: boolean;
  /** The outcome line at the end of a run ('' while it runs). */
  outcome: string;
}

export function stageView(view: WalkthroughView, flow: FlowDefinition): StageView {
  const current = view.currentStepId === null ? undefined : flow.steps.find((step) => step.id === view.currentStepId);
  return {
    heading: `${flow.title} · ${view.count}`,
    label: current ? current.label : `Press → or Space to run the first step: ${flow.steps[0]?.label ?? ''}`,
    proseAnchor: current ? stepAnchor(current) : null,
    currentStepId: view.currentStepId,
    highlightIndex: view.highlightIndex,
    nextDisabled: view.controls.nextDisabled,
    backDisabled: view.controls.backDisabled,
    outcome: view.outcome?.text ?? '',
  };
}

/**
 * Whose Inspector entries the stage shows: the current step's, or when it recorded none (a step the
 * user takes in the frame), the latest earlier step's that did, so the newest entry is always on screen.
 */
export function entriesStepOf(flow: FlowDefinition, currentStepId: string | null, recordedStepIds: ReadonlySet<string>): string | null {
  const current = flow.steps.findIndex((step) => step.id === currentStepId);
  for (let i = current; i >= 0; i--) if (recordedStepIds.has(flow.steps[i]!.id)) return flow.steps[i]!.id;
  return currentStepId;
}

/** What a key does on the stage. */
export type StageCommand = 'next' | 'back' | 'first' | 'last' | 'leave' | 'blank';

/** The stage's keys: → / Space next, ← previous, Home / End, `B` blanks the screen, Esc leaves. */
export function stageCommand(event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): StageCommand | null {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  switch (event.key) {
    case 'ArrowRight':
    case ' ':
    case 'PageDown':
      return 'next';
    case 'ArrowLeft':
    case 'PageUp':
      return 'back';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    case 'Escape':
      return 'leave';
    case 'b':
    case 'B':
    case '.':
      return 'blank';
    default:
      return null;
  }
}

/** The key that opens the stage from a flow page. */
export const PRESENT_KEY = 'p';

/** Home: whether one more "Previous step" brings the stage closer to the start (End is one "run to the last step"). */
export function rewindsFurther(completed: number, view: Pick<StageView, 'backDisabled'>): boolean {
  return completed > 0 && !view.backDisabled;
}

/**
 * The stage's class slot: what a class shows big on the projector (join code, link, QR code, how many
 * learners follow) and a question's live tally. Empty by default; `stage-slot.ts` renders it.
 */
export interface StageClass {
  /** The short code learners type at `/join/`, e.g. "K7PX-M3QD". */
  joinCode: string;
  /** The join link, also shown as text under the QR code. */
  joinUrl: string;
  /** The QR code of the join link, as SVG markup (for example from the `qrcode` package's `toString`). */
  qrSvg?: string;
  learnersConnected: number;
}

export interface StageTally {
  question: string;
  options: readonly { label: string; count: number; correct?: boolean }[];
  /** The bars and the right answer show only once the instructor has pressed "Reveal". */
  revealed: boolean;
}

/** "1 learner connected", "30 learners connected". */
export function learnersConnectedText(count: number): string {
  return `${count} ${count === 1 ? 'learner' : 'learners'} connected`;
}

/** "1 answer", "12 answers". */
export function answersText(count: number): string {
  return `${count} ${count === 1 ? 'answer' : 'answers'}`;
}

/** A tally's bars: each option's share of the answers, in percent (0 when nobody answered). */
export function tallyBars(tally: StageTally): { label: string; count: number; percent: number; correct: boolean }[] {
  const total = tally.options.reduce((sum, option) => sum + option.count, 0);
  return tally.options.map((option) => ({
    label: option.label,
    count: option.count,
    percent: total === 0 ? 0 : Math.round((option.count / total) * 100),
    correct: tally.revealed && option.correct === true,
  }));
}
