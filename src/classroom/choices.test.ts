import { expect, it } from 'vitest';
import { authorizationCode } from '../flows/authorization-code';
import { clientCredentials, WRONG_CLIENT_SECRET } from '../flows/client-credentials';
import type { FlowStep } from '../flows/types';
import { choiceOf, choicesOf, parseChoices, stepsAlike } from './choices';

const consent = authorizationCode.steps.find((step: FlowStep) => step.decision)!;
const tokenRequest = clientCredentials.steps[0]!;

it('names a step’s non-default choices by id from the flow definition', () => {
  expect(choicesOf(consent)).toEqual(['deny']);
  expect(choicesOf(tokenRequest)).toEqual([WRONG_CLIENT_SECRET.id]);
  expect(choicesOf(authorizationCode.steps[0]!)).toEqual([]);
});

it('reads the choice a step ran with: approve and no action are the default', () => {
  expect(choiceOf(consent, 'deny', null)).toBe('deny');
  expect(choiceOf(consent, 'approve', null)).toBeNull();
  expect(choiceOf(tokenRequest, null, WRONG_CLIENT_SECRET.id)).toBe(WRONG_CLIENT_SECRET.id);
  expect(choiceOf(tokenRequest, 'deny', null)).toBeNull();
  expect(choiceOf(undefined, 'deny', null)).toBeNull();
});

it('accepts only known choices at steps already run', () => {
  const at = authorizationCode.steps.indexOf(consent);
  expect(parseChoices(authorizationCode, at + 1, { [consent.id]: 'deny' })).toEqual({ choices: { [consent.id]: 'deny' } });
  expect(parseChoices(authorizationCode, at + 1, undefined)).toEqual({ choices: {} });
  expect(parseChoices(authorizationCode, at, { [consent.id]: 'deny' })).toHaveProperty('error');
  expect(parseChoices(authorizationCode, at + 1, { [consent.id]: 'approve' })).toHaveProperty('error');
  expect(parseChoices(authorizationCode, at + 1, { 'no-such-step': 'deny' })).toHaveProperty('error');
  expect(parseChoices(authorizationCode, at + 1, ['deny'])).toHaveProperty('error');
  expect(parseChoices(authorizationCode, at + 1, { [consent.id]: 1 })).toHaveProperty('error');
});

it('counts the leading steps two runs ran alike', () => {
  const at = authorizationCode.steps.indexOf(consent);
  expect(stepsAlike(authorizationCode, {}, {}, 5)).toBe(5);
  expect(stepsAlike(authorizationCode, {}, { [consent.id]: 'deny' }, at + 2)).toBe(at);
});
