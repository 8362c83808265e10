import { expect, it } from 'vitest';
import { authorizationCode } from '../flows/authorization-code';
import { clientCredentials, WRONG_CLIENT_SECRET } from '../flows/client-credentials';
import type { FlowStep } from '../flows/types';
import type { StepChoices } from './choices';
import { followMove } from './follow';

const flow = authorizationCode;
const at = (completed: number, more: { settled?: boolean; ended?: boolean; choices?: StepChoices } = {}) => ({ completed, settled: true, ended: false, choices: {}, ...more });
const to = (step: number, choices: StepChoices = {}) => ({ step, choices });
const consent = flow.steps.findIndex((step: FlowStep) => step.decision);

it('runs forward to the instructor’s step in one go (a late joiner too)', () => {
  expect(followMove(flow, at(0), to(3))).toEqual({ kind: 'run-to', stepId: flow.steps[2]!.id });
  expect(followMove(flow, at(2), to(3))).toEqual({ kind: 'run-to', stepId: flow.steps[2]!.id });
});

it('steps back while ahead, starts over at step 0, and waits when there or busy', () => {
  expect(followMove(flow, at(5), to(3))).toEqual({ kind: 'back' });
  expect(followMove(flow, at(5), to(0))).toEqual({ kind: 'reset' });
  expect(followMove(flow, at(0), to(0))).toEqual({ kind: 'wait' });
  expect(followMove(flow, at(3), to(3))).toEqual({ kind: 'wait' });
  expect(followMove(flow, at(1, { settled: false }), to(3))).toEqual({ kind: 'wait' });
});

it('goes back from a run that ended early before it can follow forward', () => {
  expect(followMove(flow, at(4, { ended: true }), to(6))).toEqual({ kind: 'back' });
});

it('never asks for a step beyond the flow', () => {
  expect(followMove(flow, at(0), to(99))).toEqual({ kind: 'run-to', stepId: flow.steps.at(-1)!.id });
});

it('runs by default up to the step the instructor ran another way, then runs that one by their choice', () => {
  const denied = { [flow.steps[consent]!.id]: 'deny' };
  expect(followMove(flow, at(0), to(consent + 2, denied))).toEqual({ kind: 'run-to', stepId: flow.steps[consent - 1]!.id });
  expect(followMove(flow, at(consent), to(consent + 2, denied))).toEqual({ kind: 'choose', stepId: flow.steps[consent]!.id, choice: 'deny' });
  expect(followMove(flow, at(consent + 1, { choices: denied }), to(consent + 2, denied))).toEqual({ kind: 'run-to', stepId: flow.steps[consent + 1]!.id });
  const tokenRequest = clientCredentials.steps[0]!.id;
  expect(followMove(clientCredentials, at(0), to(1, { [tokenRequest]: WRONG_CLIENT_SECRET.id }))).toEqual({ kind: 'choose', stepId: tokenRequest, choice: WRONG_CLIENT_SECRET.id });
});

it('goes back over a step it ran another way than the instructor (who went back and chose again)', () => {
  const denied = { [flow.steps[consent]!.id]: 'deny' };
  expect(followMove(flow, at(consent + 1), to(consent + 1, denied))).toEqual({ kind: 'back' });
  expect(followMove(flow, at(consent + 1, { choices: denied, ended: true }), to(consent + 1))).toEqual({ kind: 'back' });
  // A choice beyond where the instructor is now does not count.
  expect(followMove(flow, at(consent + 1, { choices: denied }), to(consent + 3, denied))).toEqual({ kind: 'run-to', stepId: flow.steps[consent + 2]!.id });
});
