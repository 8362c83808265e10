import { describe, expect, it } from 'vitest';
import { authorizationCode } from '../flows/authorization-code';
import { classroomView, initialClassroom, type ClassroomState } from './class-view';
import { questionBefore } from './questions';

const flow = authorizationCode;
const at = flow.steps.findIndex((_, index) => questionBefore(flow, index));
const question = questionBefore(flow, at)!;
const wrong = question.answer === 0 ? 1 : 0;
const state = (changes: Partial<ClassroomState>): ClassroomState => ({ ...initialClassroom, ...changes });

describe('the self-paced card', () => {
  it('offers the question before its step, as "Predict before you step"', () => {
    expect(classroomView(flow, state({ completed: at })).question).toMatchObject({ mode: 'self', heading: 'Predict before you step', canAnswer: true, result: null });
    expect(classroomView(flow, state({ completed: at + 1 })).question?.at).not.toBe(at);
  });

  it('says at once whether the answer was right, with the explanation', () => {
    const view = classroomView(flow, state({ completed: at, answers: new Map([[at, wrong]]) })).question!;
    expect(view.canAnswer).toBe(false);
    expect(view.result).toEqual({ right: false, text: `Not quite. The answer: “${question.options[question.answer]}”.`, explanation: question.explanation });
    expect(classroomView(flow, state({ completed: at, answers: new Map([[at, question.answer]]) })).question!.result!.right).toBe(true);
  });

  it('goes away when skipped', () => {
    expect(classroomView(flow, state({ completed: at, skipped: new Set([at]) })).question).toBeNull();
  });
});

describe('a follower', () => {
  const follower = (changes: Partial<ClassroomState>) => state({ role: 'follower', code: 'ABCDEF', following: true, ...changes });

  it('is told it follows the instructor, and can stop or rejoin', () => {
    expect(classroomView(flow, follower({})).banner).toEqual({ text: 'Following the instructor', canStop: true, canFollow: false });
    expect(classroomView(flow, follower({ following: false, classStep: 3 })).banner).toEqual({
      text: `Not following the instructor (at step 3 of ${flow.steps.length})`,
      canStop: false,
      canFollow: true,
    });
    expect(classroomView(flow, follower({ ended: true })).banner).toEqual({ text: 'The class has ended.', canStop: false, canFollow: false });
  });

  it('sees the instructor’s question, waits for the reveal after answering, then sees the result', () => {
    const asked = classroomView(flow, follower({ classStep: at })).question!;
    expect(asked).toMatchObject({ mode: 'class', canAnswer: true, result: null, waiting: null });
    const sent = classroomView(flow, follower({ classStep: at, answers: new Map([[at, question.answer]]) })).question!;
    expect(sent).toMatchObject({ canAnswer: false, result: null });
    expect(sent.waiting).toContain('Answer sent');
    const revealed = classroomView(flow, follower({ classStep: at, revealed: true, answers: new Map([[at, question.answer]]) })).question!;
    expect(revealed.result).toMatchObject({ right: true });
    expect(classroomView(flow, follower({ classStep: at, revealed: true })).question).toMatchObject({ canAnswer: false, result: { right: false } });
  });

  it('is not offered "Start a class"', () => {
    expect(classroomView(flow, follower({})).canStart).toBe(false);
    expect(classroomView(flow, state({})).canStart).toBe(true);
  });
});

describe('the instructor', () => {
  const teaching = (changes: Partial<ClassroomState>) =>
    state({ role: 'instructor', code: 'ABCDEF', joinUrl: 'http://lab.test/join/?code=ABCDEF', ...changes });

  it('sees the code in two groups, the link and the learner count', () => {
    expect(classroomView(flow, teaching({ learners: 1 })).instructor).toMatchObject({ code: 'ABC DEF', learners: '1 learner connected', tally: null });
    expect(classroomView(flow, teaching({ learners: 30 })).instructor!.learners).toBe('30 learners connected');
  });

  it('sees the tally of the open question, with bars marked revealed only after "Reveal"', () => {
    const counts = question.options.map((_, i) => (i === question.answer ? 3 : i === wrong ? 1 : 0));
    const tally = classroomView(flow, teaching({ classStep: at, tally: { step: at, answers: 4, counts } })).instructor!.tally!;
    expect(tally.answers).toBe('4 answers');
    expect(tally.revealed).toBe(false);
    expect(tally.bars[question.answer]).toEqual({ label: question.options[question.answer], count: 3, percent: 75, right: true });
    expect(classroomView(flow, teaching({ classStep: at, revealed: true })).instructor!.tally).toMatchObject({ revealed: true, answers: '0 answers' });
    // A tally of an earlier question is not shown for this one.
    expect(classroomView(flow, teaching({ classStep: at, tally: { step: at - 1, answers: 9, counts } })).instructor!.tally!.answers).toBe('0 answers');
  });
});
