import { expect, it } from 'vitest';
import { authorizationCode } from '../flows/authorization-code';
import { followMove } from './follow';

const flow = authorizationCode;
const at = (completed: number, more: { settled?: boolean; ended?: boolean } = {}) => ({ completed, settled: true, ended: false, ...more });

it('runs forward to the instructor’s step in one go (a late joiner too)', () => {
  expect(followMove(flow, at(0), 3)).toEqual({ kind: 'run-to', stepId: flow.steps[2]!.id });
  expect(followMove(flow, at(2), 3)).toEqual({ kind: 'run-to', stepId: flow.steps[2]!.id });
});

it('steps back while ahead, starts over at step 0, and waits when there or busy', () => {
  expect(followMove(flow, at(5), 3)).toEqual({ kind: 'back' });
  expect(followMove(flow, at(5), 0)).toEqual({ kind: 'reset' });
  expect(followMove(flow, at(3), 3)).toEqual({ kind: 'wait' });
  expect(followMove(flow, at(1, { settled: false }), 3)).toEqual({ kind: 'wait' });
});

it('goes back from a run that ended early before it can follow forward', () => {
  expect(followMove(flow, at(4, { ended: true }), 6)).toEqual({ kind: 'back' });
});

it('never asks for a step beyond the flow', () => {
  expect(followMove(flow, at(0), 99)).toEqual({ kind: 'run-to', stepId: flow.steps.at(-1)!.id });
});
