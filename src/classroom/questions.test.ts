/** The questions on the flow definitions are well-formed data, and every flow and attack lesson asks at least one. */
import { describe, expect, it } from 'vitest';
import { flows } from '../flows';
import { attacks } from '../flows/attacks';
import { authorizationCode } from '../flows/authorization-code';
import { answersLabel, learnersLabel, questionBefore, tallyAnswers } from './questions';

/** Every flow and every attack lesson asks at least one question. */
describe.each([...flows, ...attacks].map((flow) => [flow.slug, flow] as const))('the questions of %s', (_, flow) => {
  it('asks at least one, each before a step of the flow, at most one per step', () => {
    expect(flow.questions?.length ?? 0).toBeGreaterThanOrEqual(1);
    const steps = flow.questions!.map((question) => question.step);
    for (const step of steps) expect(flow.steps.map((s) => s.id)).toContain(step);
    expect(new Set(steps).size).toBe(steps.length);
  });

  it('offers 2 to 4 distinct options, names the right one and explains it citing the RFC', () => {
    for (const question of flow.questions!) {
      expect(question.options.length).toBeGreaterThanOrEqual(2);
      expect(question.options.length).toBeLessThanOrEqual(4);
      expect(new Set(question.options).size).toBe(question.options.length);
      expect(Number.isInteger(question.answer) && question.answer >= 0 && question.answer < question.options.length).toBe(true);
      expect(question.text).toMatch(/\?$/);
      expect(question.explanation).toMatch(/\((RFC \d+|OpenID Connect)[^)]*§[\d.]+/);
    }
  });
});

it('asks at least three in Authorization Code: state vs PKCE vs nonce, the server’s checks, the clock, the API’s token', () => {
  const steps = authorizationCode.questions.map((question) => question.step);
  expect(steps.length).toBeGreaterThanOrEqual(3);
  expect(steps).toEqual(expect.arrayContaining(['check-state', 'verify-code', 'token-request', 'api-request']));
  const explanations = authorizationCode.questions.map((question) => question.explanation).join(' ');
  for (const topic of ['state', 'nonce', 'PKCE', 'Bearer', 'expired', 'redirect_uri']) expect(explanations).toContain(topic);
});

it('finds the question asked before a step by the number of steps run', () => {
  const index = authorizationCode.steps.findIndex((step) => step.id === 'check-state');
  expect(questionBefore(authorizationCode, index)?.step).toBe('check-state');
  expect(questionBefore(authorizationCode, 0)).toBeUndefined();
  expect(questionBefore(authorizationCode, authorizationCode.steps.length)).toBeUndefined();
});

it('tallies each learner once, by the latest answer, ignoring options out of range', () => {
  const question = authorizationCode.questions[0];
  const tally = tallyAnswers(question, [
    { learner: 'a', option: 0 },
    { learner: 'a', option: 1 },
    { learner: 'b', option: 1 },
    { learner: 'c', option: 9 },
  ]);
  expect(tally).toEqual({ answers: 2, counts: [0, 2, 0] });
  expect([answersLabel(1), answersLabel(2), learnersLabel(0)]).toEqual(['1 answer', '2 answers', '0 learners connected']);
});
