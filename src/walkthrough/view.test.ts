import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { stepAnchor } from '../flows/derive';
import { deviceCode, LET_CODE_EXPIRE } from '../flows/device-code';
import { walkthroughInput, walkthroughMachine } from './machine';
import type { StepEffects } from './types';
import { walkthroughView } from './view';

/** Snapshots of the device flow's walk-through, built without running anything. */
const effects: StepEffects = Object.fromEntries(deviceCode.steps.map((step) => [step.id, { run: async () => ({}) }]));
const [initial] = initialTransition(walkthroughMachine, walkthroughInput(deviceCode.steps, effects));
const at = (value: string, context: Partial<typeof initial.context>) =>
  walkthroughMachine.resolveState({ value, context: { ...initial.context, ...context } });
const userApproves = deviceCode.steps.findIndex((step) => step.id === 'user-approves');
const page = { nowMs: Date.UTC(2026, 0, 1, 15, 30) };

describe('walkthroughView', () => {
  it('before the first step: ready text, Next and Play enabled, Previous disabled, nothing highlighted', () => {
    const view = walkthroughView(initial, deviceCode, page);
    expect(view).toMatchObject({
      busy: false,
      count: `Step 0 of ${deviceCode.steps.length}`,
      label: 'Ready to start',
      rfc: null,
      stepTextHref: null,
      upNext: `Next: 1. ${deviceCode.steps[0]!.label}`,
      labClock: null,
      outcome: null,
      atDecision: false,
      actions: [],
      controls: { nextDisabled: false, backDisabled: true, playDisabled: false, playing: false, resetDisabled: false },
      highlightIndex: null,
      announcement: 'Walk-through ready.',
    });
  });

  it('at a decision point: the Approve/Deny buttons and the step’s learner actions, from the flow definition', () => {
    const view = walkthroughView(at('ready', { completed: userApproves, history: [initial.context] }), deviceCode, page);
    expect(view.atDecision).toBe(true);
    expect(view.actions).toEqual([LET_CODE_EXPIRE]);
    expect(view.controls.backDisabled).toBe(false);
    const current = deviceCode.steps[userApproves - 1]!;
    expect(view).toMatchObject({
      label: current.label,
      stepTextHref: `#${stepAnchor(current)}`,
      currentStepId: current.id,
      highlightIndex: userApproves - 1,
      announcement: `Step ${userApproves} of ${deviceCode.steps.length}: ${current.label}.`,
    });
  });

  it('while a step runs: busy, and no control but Reset', () => {
    const view = walkthroughView(at('running', { completed: userApproves }), deviceCode, page);
    expect(view.busy).toBe(true);
    expect(view.atDecision).toBe(false);
    expect(view.actions).toEqual([]);
    expect(view.controls).toMatchObject({ nextDisabled: true, backDisabled: true, playDisabled: true, resetDisabled: false });
  });

  it('after the clock moved and the run ended: the lab clock line, the outcome and its announcement', () => {
    const view = walkthroughView(
      at('finished', { completed: 3, outcome: 'error', message: 'expired_token', learner: { lab_clock_offset_seconds: 3600 } }),
      deviceCode,
      page,
    );
    expect(view.labClock).toBe('Lab clock: 16:30 UTC, 1 hour ahead of real time');
    expect(view.outcome).toEqual({ kind: 'error', text: 'expired_token' });
    expect(view.upNext).toBe('');
    expect(view.controls.nextDisabled).toBe(true);
    expect(view.announcement).toBe(`Step 3 of ${deviceCode.steps.length}: ${deviceCode.steps[2]!.label}. expired_token`);
  });

  it('offers “Run to this step” only for a linked step still ahead, and not while playing', () => {
    const ahead = walkthroughView(initial, deviceCode, { ...page, linkedStepId: 'slow-down' });
    expect(ahead.runTo).toEqual({ stepId: 'slow-down', target: `7. ${deviceCode.steps[6]!.label}` });
    expect(walkthroughView(at('ready', { completed: 8 }), deviceCode, { ...page, linkedStepId: 'slow-down' }).runTo).toBeNull();
    expect(walkthroughView(at('waiting', { playing: true }), deviceCode, { ...page, linkedStepId: 'slow-down' }).runTo).toBeNull();
  });
});
