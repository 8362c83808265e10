import { assign, fromPromise, setup } from 'xstate';
import type { FlowStep } from '../flows/types';
import { isDecisionEffect } from './define';
import type { Decision, LearnerData, Outcome, StepEffects, StepInput, StepResult, TracedEvent } from './types';

/** Everything "Previous step" restores: the walk-through as it was after an earlier step. */
export interface Moment {
  /** How many steps have run (0 before the first; the current step is `completed - 1`). */
  completed: number;
  learner: LearnerData;
  /** The Inspector's content, in order. */
  trace: readonly TracedEvent[];
  frameUrl: string | null;
  outcome: Outcome | null;
  message: string | null;
}

/** A run saved by an earlier visit of the page (`runs/saved-run.ts`): the moment it was at and those before it. */
export interface ResumableRun extends Moment {
  /** The earlier moments, oldest first, one per step run (`history[i].completed === i`). */
  history: readonly Moment[];
}

export interface WalkthroughContext extends Moment {
  /** Earlier moments, oldest first; "Previous step" pops the last one. */
  history: readonly Moment[];
  /**
   * The frame's URL as the last step (or "Previous step") left it. `frameUrl` follows every
   * navigation, including the learner's own clicks in the frame before a step runs; the moment
   * remembered for "Previous step" keeps this one, so going back shows the page the step started on.
   */
  stepFrameUrl: string | null;
  /**
   * Highest server trace position pulled so far. Not restored by "Previous step":
   * events already shown once (or produced by restoring the frame) are never pulled again.
   */
  serverSeq: number;
  playing: boolean;
  /** While playing towards a step: stop once this many steps have run. */
  stopAt: number | null;
  /** The decision to hand to the next decision step. */
  decision: Decision | null;
  /** The learner action chosen for the next step (a button the step offers). */
  action: string | null;
  /** The learner data of the moment "Previous step" left, until the restore has run. */
  leaving: LearnerData;
  steps: readonly FlowStep[];
  isDecisionAnswer: (stepId: string, url: string) => boolean;
}

export type WalkthroughEvent =
  | { type: 'learner.next' }
  | { type: 'learner.back' }
  | { type: 'learner.reset' }
  | { type: 'learner.play' }
  | { type: 'learner.pause' }
  | { type: 'learner.decide'; decision: Decision }
  /** Run the next step by one of the learner actions it offers. */
  | { type: 'learner.act'; action: string }
  /** Play up to and including the step with this id (a shared `#step-<id>` link). */
  | { type: 'learner.runTo'; stepId: string }
  /** Before the first step: take up a run saved by an earlier visit, where it was (the frame reloads its page). */
  | { type: 'learner.resume'; run: ResumableRun }
  /** The browser frame finished loading a URL. */
  | { type: 'frame.navigated'; url: string };

export interface WalkthroughInput {
  /** The flow's steps, in order, with their metadata (decision points, learner actions). */
  steps: readonly FlowStep[];
  /** Whether a frame navigation to `url` is the server's answer at the decision step `stepId` (which completes it). */
  isDecisionAnswer?: (stepId: string, url: string) => boolean;
  /** Server trace position to start from (events before it belong to an earlier visit). */
  serverSeq?: number;
}

/**
 * Input of the `restoreMoment` actor: put back what the abandoned steps changed outside the
 * machine (the browser frame, the learner's lab clock on the server).
 */
export interface RestoreMomentInput {
  /** Where the frame was at the moment returned to. */
  frameUrl: string | null;
  serverSeq: number;
  /** What the app knew at the moment returned to (e.g. the lab clock offset to restore). */
  learner: LearnerData;
  /** What the app knew at the moment left behind. */
  leaving: LearnerData;
}
/** Output: the server trace position after the restore (its requests are not shown). */
export interface RestoreMomentOutput {
  serverSeq: number;
}

function initialMoment(): Moment {
  return { completed: 0, learner: {}, trace: [], frameUrl: null, outcome: null, message: null };
}

/** The moment the walk-through is at (what "Previous step" would come back to, and what a saved run keeps). */
export function momentOf(context: WalkthroughContext): Moment {
  const { completed, learner, trace, stepFrameUrl, outcome, message } = context;
  return { completed, learner, trace, frameUrl: stepFrameUrl, outcome, message };
}

/** Merges a step's result into the walk-through, remembering the moment before it for "Previous step". */
export function applyStepResult(
  context: WalkthroughContext,
  stepId: string,
  stepCount: number,
  result: StepResult,
): Partial<WalkthroughContext> {
  const completed = context.completed + 1;
  const outcome = result.outcome ?? (completed >= stepCount ? 'done' : null);
  const frameUrl = result.frameUrl === undefined ? context.frameUrl : result.frameUrl;
  return {
    history: [...context.history, momentOf(context)],
    completed,
    learner: { ...context.learner, ...result.learner },
    trace: [...context.trace, ...(result.events ?? []).map((event) => ({ ...event, stepId }) as TracedEvent)],
    frameUrl,
    stepFrameUrl: frameUrl,
    serverSeq: Math.max(context.serverSeq, result.serverSeq ?? context.serverSeq),
    outcome,
    message: result.message ?? (outcome === 'done' ? 'The flow is complete.' : null),
    decision: null,
    action: null,
  };
}

/** Not playing any more (paused, finished, gone back or reset). */
const STOPPED = { playing: false, stopAt: null } as const;

/** No decision or learner action waiting for the next step. */
const NO_CHOICE = { decision: null, action: null } as const;

const stepAt = (context: WalkthroughContext, index = context.completed): FlowStep | undefined => context.steps[index];

/**
 * Runs a step's effect: the page provides it with `.provide({ actors: { runStep: runStepActor(effects) } })`.
 */
export function runStepActor(effects: StepEffects) {
  return fromPromise<StepResult, StepInput>(async ({ input }) => {
    const effect = effects[input.step.id];
    if (!effect) throw new Error(`No effect for step "${input.step.id}".`);
    return effect.run(input);
  });
}

/**
 * The walk-through of any flow: Next runs the next step's effect for real, Previous travels back
 * to the moment before it, Play advances on a timer, Reset starts over in a fresh learner namespace.
 *
 * The flow's steps and their metadata come in through `input`; the effects are provided by the
 * page: `.provide({ actors: { runStep, restoreMoment, resetLearner } })`.
 */
export const walkthroughMachine = setup({
  types: {
    context: {} as WalkthroughContext,
    events: {} as WalkthroughEvent,
    input: {} as WalkthroughInput,
  },
  actors: {
    runStep: fromPromise<StepResult, StepInput>(async () => {
      throw new Error('No runStep actor: provide one with runStepActor(effects).');
    }),
    restoreMoment: fromPromise<RestoreMomentOutput, RestoreMomentInput>(async ({ input }) => ({
      serverSeq: input.serverSeq,
    })),
    resetLearner: fromPromise<void, void>(async () => {}),
  },
  delays: {
    /** Pause between steps while playing; shorter when running to a linked step. */
    playInterval: ({ context }) => (context.stopAt === null ? 1500 : 500),
  },
  guards: {
    hasNextStep: ({ context }) => context.outcome === null && context.completed < context.steps.length,
    canGoBack: ({ context }) => context.history.length > 0,
    /** Nothing has run yet on this page. */
    atStart: ({ context }) => context.completed === 0 && context.history.length === 0,
    nextIsDecision: ({ context }) => context.outcome === null && Boolean(stepAt(context)?.decision),
    /** The next step offers the learner action asked for. */
    nextOffersAction: ({ context, event }) =>
      event.type === 'learner.act' &&
      context.outcome === null &&
      (stepAt(context)?.actions ?? []).some((action) => action.id === event.action),
    /** The frame landed on the server's answer while the learner was at the decision point. */
    frameAnsweredDecision: ({ context, event }) => {
      if (event.type !== 'frame.navigated' || context.outcome !== null) return false;
      const step = stepAt(context);
      return Boolean(step?.decision) && context.isDecisionAnswer(step!.id, event.url);
    },
    /** The step asked for by `learner.runTo` has not run yet. */
    stepIsAhead: ({ context, event }) =>
      event.type === 'learner.runTo' &&
      context.outcome === null &&
      context.steps.findIndex((s) => s.id === event.stepId) >= context.completed,
    keepPlaying: ({ context }) =>
      context.playing &&
      context.outcome === null &&
      context.completed < context.steps.length &&
      (context.stopAt === null || context.completed < context.stopAt),
    isFinished: ({ context }) => context.outcome !== null,
  },
  actions: {
    recordFrameUrl: assign({
      frameUrl: ({ event, context }) => (event.type === 'frame.navigated' ? event.url : context.frameUrl),
    }),
    startPlaying: assign({ playing: true, stopAt: null }),
    stopPlaying: assign(STOPPED),
    playToStep: assign(({ event, context }) => {
      const index = event.type === 'learner.runTo' ? context.steps.findIndex((s) => s.id === event.stepId) : -1;
      return { playing: true, stopAt: index + 1 };
    }),
    rememberDecision: assign({
      decision: ({ event, context }) => (event.type === 'learner.decide' ? event.decision : context.decision),
    }),
    rememberAction: assign({
      action: ({ event, context }) => (event.type === 'learner.act' ? event.action : context.action),
    }),
    travelBack: assign(({ context }) => {
      const previous = context.history[context.history.length - 1] ?? initialMoment();
      return { ...previous, stepFrameUrl: previous.frameUrl, history: context.history.slice(0, -1), leaving: context.learner, ...NO_CHOICE };
    }),
    /** Like "Previous step", to a saved moment: `restoring` then reloads its frame page and puts the lab clock where it had it. */
    resumeRun: assign(({ event, context }) => {
      if (event.type !== 'learner.resume') return {};
      const { history, ...moment } = event.run;
      return { ...moment, stepFrameUrl: moment.frameUrl, history, leaving: context.learner, ...NO_CHOICE };
    }),
    startOver: assign(() => ({ ...initialMoment(), stepFrameUrl: null, history: [], serverSeq: 0, leaving: {}, ...NO_CHOICE })),
  },
}).createMachine({
  id: 'walkthrough',
  context: ({ input }) => ({
    ...initialMoment(),
    stepFrameUrl: null,
    history: [],
    serverSeq: input.serverSeq ?? 0,
    ...STOPPED,
    ...NO_CHOICE,
    leaving: {},
    steps: input.steps,
    isDecisionAnswer: input.isDecisionAnswer ?? (() => false),
  }),
  initial: 'ready',
  on: {
    'frame.navigated': { actions: 'recordFrameUrl' },
    'learner.reset': { target: '.resetting' },
  },
  states: {
    /** Waiting for the learner. */
    ready: {
      on: {
        'learner.next': { guard: 'hasNextStep', target: 'running' },
        'learner.decide': { guard: 'nextIsDecision', target: 'running', actions: 'rememberDecision' },
        'learner.act': { guard: 'nextOffersAction', target: 'running', actions: 'rememberAction' },
        'frame.navigated': [
          { guard: 'frameAnsweredDecision', target: 'running', actions: 'recordFrameUrl' },
          { actions: 'recordFrameUrl' },
        ],
        'learner.back': { guard: 'canGoBack', target: 'restoring', actions: ['travelBack', 'stopPlaying'] },
        'learner.play': { guard: 'hasNextStep', target: 'running', actions: 'startPlaying' },
        'learner.runTo': { guard: 'stepIsAhead', target: 'running', actions: 'playToStep' },
        'learner.resume': { guard: 'atStart', target: 'restoring', actions: 'resumeRun' },
      },
    },
    /** A step's effect is running for real. */
    running: {
      invoke: {
        src: 'runStep',
        input: ({ context }) => ({
          step: stepAt(context)!,
          index: context.completed,
          learner: context.learner,
          trace: context.trace,
          frameUrl: context.frameUrl,
          serverSeq: context.serverSeq,
          ...(context.decision ? { decision: context.decision } : {}),
          ...(context.action ? { action: context.action } : {}),
        }),
        onDone: {
          target: 'afterStep',
          actions: assign(({ context, event }) => applyStepResult(context, stepAt(context)!.id, context.steps.length, event.output)),
        },
        onError: {
          target: 'finished',
          actions: [
            assign(({ context, event }) => ({
              history: [...context.history, momentOf(context)],
              completed: context.completed + 1,
              outcome: 'error' as const,
              message: `This step failed: ${event.error instanceof Error ? event.error.message : String(event.error)}`,
              ...NO_CHOICE,
            })),
            'stopPlaying',
          ],
        },
      },
      on: {
        'learner.pause': { actions: 'stopPlaying' },
        'learner.decide': { actions: 'rememberDecision' },
      },
    },
    /** Decides where to go after a step: finished, next step (playing) or back to the learner. */
    afterStep: {
      always: [
        { guard: 'isFinished', target: 'finished', actions: 'stopPlaying' },
        { guard: 'keepPlaying', target: 'waiting' },
        { target: 'ready', actions: 'stopPlaying' },
      ],
    },
    /** Playing: a pause so the learner can follow, then the next step. */
    waiting: {
      after: { playInterval: { target: 'running' } },
      on: {
        'learner.pause': { target: 'ready', actions: 'stopPlaying' },
        'learner.next': { target: 'running' },
        'learner.decide': { target: 'running', actions: 'rememberDecision' },
        'learner.act': { guard: 'nextOffersAction', target: 'running', actions: 'rememberAction' },
        'learner.back': { guard: 'canGoBack', target: 'restoring', actions: ['travelBack', 'stopPlaying'] },
      },
    },
    /** The run ended (done, denied or error): only Previous step and Reset remain. */
    finished: {
      on: {
        'learner.back': { guard: 'canGoBack', target: 'restoring', actions: ['travelBack', 'stopPlaying'] },
      },
    },
    /** Previous step: the frame (and the lab clock) go back to the earlier moment before the learner continues. */
    restoring: {
      invoke: {
        src: 'restoreMoment',
        input: ({ context }) => ({ frameUrl: context.frameUrl, serverSeq: context.serverSeq, learner: context.learner, leaving: context.leaving }),
        onDone: {
          target: 'ready',
          actions: assign({
            serverSeq: ({ context, event }) => Math.max(context.serverSeq, event.output.serverSeq),
            leaving: ({ context }) => context.learner,
          }),
        },
        onError: { target: 'ready' },
      },
    },
    /** Reset: a fresh learner namespace on the server, then step 0. */
    resetting: {
      entry: ['startOver', 'stopPlaying'],
      invoke: {
        src: 'resetLearner',
        onDone: { target: 'ready', actions: ['startOver', 'stopPlaying'] },
        onError: { target: 'ready', actions: ['startOver', 'stopPlaying'] },
      },
    },
  },
});

export type WalkthroughMachine = typeof walkthroughMachine;

/** What the machine needs to know about a flow: its steps with their metadata, and how its decision points recognise the answer. */
export function walkthroughInput(steps: readonly FlowStep[], effects: StepEffects, serverSeq = 0): WalkthroughInput {
  return {
    steps,
    serverSeq,
    isDecisionAnswer: (stepId, url) => {
      const effect = effects[stepId];
      return isDecisionEffect(effect) && effect.isAnswer(url);
    },
  };
}
