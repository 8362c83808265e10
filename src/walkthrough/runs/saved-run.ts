import type { FlowDefinition } from '../../flows/types';
import type { Moment, ResumableRun } from '../machine';
import type { LearnerData, Outcome, TracedEvent } from '../types';

/**
 * A walk-through's run kept in the browser between visits of its page, so a learner who closes the
 * tab and comes back finds it where it was: the step, what the app learned (the learner data), the
 * Inspector's entries and the earlier moments "Previous step" goes back to. What is not kept: the
 * page inside the browser frame (it is loaded again from its address, so whatever was typed into it
 * is gone) and the server's state, which the server keeps itself. Pure: the page stores the text.
 */

/** Bumped when the stored shape changes; a run saved in another shape is not resumed. */
export const SAVED_RUN_VERSION = 1;

/** Where a flow page keeps its run (the site's base tells two copies of the site on one origin apart). */
export function savedRunKey(base: string, flowSlug: string): string {
  return `oauth-sequence-lab:run:${base}/${flowSlug}`;
}

/** An earlier moment as stored: its Inspector entries are the first `trace` of the run's own (or, if not a prefix, listed). */
type StoredMoment = Omit<Moment, 'trace'> & { trace: number | readonly TracedEvent[] };

interface StoredRun {
  version: typeof SAVED_RUN_VERSION;
  flow: string;
  /** The flow's step ids when it was saved: a run of a lesson that changed since is not resumed. */
  steps: readonly string[];
  /** The server's learner id the run belongs to, where the page can read it (the Node site's cookie). */
  learnerId: string | null;
  run: Moment;
  history: readonly StoredMoment[];
}

/** Why a saved run is not resumed; the page says it and starts from the first step. */
export type UnusableRun = 'lesson-changed' | 'other-learner' | 'unreadable';

export const UNUSABLE_RUN_TEXT: Record<UnusableRun, string> = {
  'lesson-changed': 'this lesson has changed since',
  'other-learner': 'the lab server no longer knows this browser as the learner who ran it',
  unreadable: 'what this browser kept of it cannot be read',
};

/** The text to keep for a run, or null when there is nothing to keep (no step has run). */
export function serializeRun(flow: FlowDefinition, run: ResumableRun, learnerId: string | null): string | null {
  if (run.completed === 0) return null;
  const { history, ...moment } = run;
  const isPrefix = (trace: readonly TracedEvent[]) => trace.length <= moment.trace.length && trace.every((event, i) => event === moment.trace[i]);
  const stored: StoredRun = {
    version: SAVED_RUN_VERSION,
    flow: flow.slug,
    steps: flow.steps.map((step) => step.id),
    learnerId,
    run: moment,
    // Each earlier moment's entries are nearly always the run's first ones: kept as a count, not a copy.
    history: history.map(({ trace, ...earlier }) => ({ ...earlier, trace: isPrefix(trace) ? trace.length : trace })),
  };
  return JSON.stringify(stored);
}

/** Reads a kept run back for `flow`: the run, why it cannot be resumed, or null when none was kept. */
export function parseSavedRun(flow: FlowDefinition, text: string | null, learnerId: string | null): { run: ResumableRun } | { unusable: UnusableRun } | null {
  if (text === null) return null;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return { unusable: 'unreadable' };
  }
  if (!isRecord(stored) || stored.version !== SAVED_RUN_VERSION || stored.flow !== flow.slug) return { unusable: 'unreadable' };
  const stepIds = flow.steps.map((step) => step.id);
  if (!Array.isArray(stored.steps) || stored.steps.join(' ') !== stepIds.join(' ')) return { unusable: 'lesson-changed' };
  if (stored.learnerId !== learnerId) return { unusable: 'other-learner' };

  const run = momentOf(stored.run, stepIds, null);
  if (!run || run.completed === 0 || !Array.isArray(stored.history) || stored.history.length !== run.completed) return { unusable: 'unreadable' };
  const history: Moment[] = [];
  for (const [index, entry] of stored.history.entries()) {
    const earlier = momentOf(entry, stepIds, run.trace);
    // One moment per step run, in order: the one before step n+1 had run n steps.
    if (!earlier || earlier.completed !== index) return { unusable: 'unreadable' };
    history.push(earlier);
  }
  return { run: { ...run, history } };
}

/** The highest number the client gave an event of the run (0 if none): the page's recorder goes on after it. */
export function lastClientSeq(run: ResumableRun): number {
  const traces = [run.trace, ...run.history.map((moment) => moment.trace)];
  return Math.max(0, ...traces.flatMap((trace) => trace.filter((event) => event.recordedBy === 'client').map((event) => event.seq)));
}

const OUTCOMES: readonly (Outcome | null)[] = ['done', 'denied', 'error', null];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTracedEvent = (stepIds: readonly string[]) => (event: unknown): event is TracedEvent =>
  isRecord(event) && typeof event.type === 'string' && typeof event.seq === 'number' && typeof event.stepId === 'string' && stepIds.includes(event.stepId);

/** A stored moment, checked field by field; `runTrace` resolves an entry count to the run's first entries. */
function momentOf(value: unknown, stepIds: readonly string[], runTrace: readonly TracedEvent[] | null): Moment | null {
  if (!isRecord(value)) return null;
  const { completed, learner, trace, frameUrl, outcome, message } = value;
  if (typeof completed !== 'number' || !Number.isInteger(completed) || completed < 0 || completed > stepIds.length) return null;
  if (!isRecord(learner) || !Object.values(learner).every((field) => typeof field === 'string' || typeof field === 'number')) return null;
  // The frame loads it again: only a web page, never a `javascript:` or other URL.
  if (frameUrl !== null && !(typeof frameUrl === 'string' && /^https?:\/\//.test(frameUrl))) return null;
  if (!OUTCOMES.includes(outcome as Outcome | null) || (message !== null && typeof message !== 'string')) return null;
  const entries =
    typeof trace === 'number' && runTrace !== null && Number.isInteger(trace) && trace >= 0 && trace <= runTrace.length
      ? runTrace.slice(0, trace)
      : Array.isArray(trace) && trace.every(isTracedEvent(stepIds))
        ? trace
        : null;
  if (!entries) return null;
  return { completed, learner: learner as LearnerData, trace: entries, frameUrl, outcome: outcome as Outcome | null, message };
}
