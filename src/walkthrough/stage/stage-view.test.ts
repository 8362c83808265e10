import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import { authorizationCode } from '../../flows/authorization-code';
import { stepAnchor } from '../../flows/derive';
import { walkthroughInput, walkthroughMachine } from '../machine';
import type { StepEffects } from '../types';
import { walkthroughView } from '../view';
import { answersText, entriesStepOf, learnersConnectedText, rewindsFurther, stageCommand, stageView, tallyBars } from './stage-view';

const flow = authorizationCode;
const effects: StepEffects = Object.fromEntries(flow.steps.map((step) => [step.id, { run: async () => ({}) }]));
const [initial] = initialTransition(walkthroughMachine, walkthroughInput(flow.steps, effects));
const at = (value: string, context: Partial<typeof initial.context>) =>
  walkthroughMachine.resolveState({ value, context: { ...initial.context, ...context } });
const page = { nowMs: Date.UTC(2026, 0, 1) };
const key = (k: string, modifiers: Partial<KeyboardEvent> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...modifiers });

describe('stageView', () => {
  it('before the first step: the flow and step count, what → runs first, no prose, nothing highlighted', () => {
    const stage = stageView(walkthroughView(initial, flow, page), flow);
    expect(stage).toEqual({
      heading: `Authorization Code · Step 0 of ${flow.steps.length}`,
      label: `Press → or Space to run the first step: ${flow.steps[0]!.label}`,
      proseAnchor: null,
      currentStepId: null,
      highlightIndex: null,
      nextDisabled: false,
      backDisabled: true,
      outcome: '',
    });
  });

  it('after step 3: that step’s label, its prose section and its arrow, from the same view as the page', () => {
    const step = flow.steps[2]!;
    const stage = stageView(walkthroughView(at('ready', { completed: 3, history: [initial.context, initial.context, initial.context] }), flow, page), flow);
    expect(stage).toMatchObject({
      heading: `Authorization Code · Step 3 of ${flow.steps.length}`,
      label: step.label,
      proseAnchor: stepAnchor(step),
      currentStepId: step.id,
      highlightIndex: 2,
      backDisabled: false,
    });
  });

  it('at the end: the outcome line, Next disabled', () => {
    const done = at('finished', { completed: flow.steps.length, outcome: 'done', message: 'The flow is complete.', history: [initial.context] });
    expect(stageView(walkthroughView(done, flow, page), flow)).toMatchObject({ outcome: 'The flow is complete.', nextDisabled: true });
  });
});

describe('entriesStepOf', () => {
  const [first, second, third] = flow.steps.map((step) => step.id);
  it('shows the current step’s entries, or the latest earlier step’s when it recorded none', () => {
    expect(entriesStepOf(flow, third!, new Set([first!, third!]))).toBe(third);
    expect(entriesStepOf(flow, third!, new Set([first!]))).toBe(first);
    expect(entriesStepOf(flow, second!, new Set([third!]))).toBe(second);
    expect(entriesStepOf(flow, null, new Set())).toBeNull();
  });
});

describe('stageCommand', () => {
  it('→, Space and PageDown step forward; ←, PageUp back; Home, End; B blanks; Esc leaves', () => {
    expect(['ArrowRight', ' ', 'PageDown'].map((k) => stageCommand(key(k)))).toEqual(['next', 'next', 'next']);
    expect(['ArrowLeft', 'PageUp'].map((k) => stageCommand(key(k)))).toEqual(['back', 'back']);
    expect(stageCommand(key('Home'))).toBe('first');
    expect(stageCommand(key('End'))).toBe('last');
    expect(stageCommand(key('b'))).toBe('blank');
    expect(stageCommand(key('B'))).toBe('blank');
    expect(stageCommand(key('Escape'))).toBe('leave');
  });

  it('leaves other keys, and any key with Ctrl, Alt or Meta, to the browser', () => {
    expect(stageCommand(key('x'))).toBeNull();
    expect(stageCommand(key('ArrowRight', { ctrlKey: true }))).toBeNull();
    expect(stageCommand(key('b', { metaKey: true }))).toBeNull();
    expect(stageCommand(key('Home', { altKey: true }))).toBeNull();
  });
});

describe('rewindsFurther (Home)', () => {
  it('goes back while a step has run and Previous step is possible, then stops', () => {
    expect(rewindsFurther(3, { backDisabled: false })).toBe(true);
    expect(rewindsFurther(3, { backDisabled: true })).toBe(false);
    expect(rewindsFurther(0, { backDisabled: false })).toBe(false);
  });
});

describe('the class slot’s texts', () => {
  it('counts learners and answers in the singular and the plural', () => {
    expect([0, 1, 30].map(learnersConnectedText)).toEqual(['0 learners connected', '1 learner connected', '30 learners connected']);
    expect([1, 2].map(answersText)).toEqual(['1 answer', '2 answers']);
  });

  it('draws a bar per option as its share of the answers, and marks the right one only once revealed', () => {
    const options = [
      { label: 'state', count: 3, correct: true },
      { label: 'nonce', count: 1 },
    ];
    expect(tallyBars({ question: 'q', options, revealed: false })).toEqual([
      { label: 'state', count: 3, percent: 75, correct: false },
      { label: 'nonce', count: 1, percent: 25, correct: false },
    ]);
    expect(tallyBars({ question: 'q', options, revealed: true }).map((bar) => bar.correct)).toEqual([true, false]);
    expect(tallyBars({ question: 'q', options: [{ label: 'a', count: 0 }], revealed: true })[0]!.percent).toBe(0);
  });
});
