import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../flows/types';
import { defineWalkthrough, stepEffects } from './define';
import type { WalkthroughEnv } from './env';
import type { StepEffect } from './types';

const tiny = {
  slug: 'tiny',
  title: 'Tiny',
  participants: [
    { id: 'Client', label: 'Client app', kind: 'client' },
    { id: 'AS', label: 'Authorization server', kind: 'authserver' },
  ],
  steps: [
    { id: 'ask', from: 'Client', to: 'AS', kind: 'request', label: 'ask', teaches: 'asks' },
    { id: 'decide', from: 'Client', to: 'AS', kind: 'user', label: 'decide', teaches: 'decides', decision: true },
    { id: 'server-checks', from: 'AS', to: 'AS', kind: 'check', label: 'checks', teaches: 'checks' },
  ],
} as const satisfies FlowDefinition;

const effect = { run: async () => ({}) };
const decision = { ...effect, isAnswer: () => true };
const env = { origin: 'http://lab.test' } as WalkthroughEnv;

describe('defineWalkthrough', () => {
  // Proved by the type-check (`tsc --noEmit`, run first by `npm test`): each @ts-expect-error fails it when the line compiles.
  it('types a script by its flow: a missing, extra or misspelt step id, or a decision point that cannot see its answer, does not compile', () => {
    // @ts-expect-error 'decide' is missing
    defineWalkthrough(tiny, () => ({ ask: effect }));
    // @ts-expect-error 'asks' is not a step of the flow
    defineWalkthrough(tiny, () => ({ ask: effect, decide: decision, asks: effect }));
    // @ts-expect-error a decision point must recognise the server's answer in the frame
    defineWalkthrough(tiny, () => ({ ask: effect, decide: effect }));
    // A check by the server has a default effect, so it may be left out, or given its own.
    defineWalkthrough(tiny, () => ({ ask: effect, decide: decision }));
    defineWalkthrough(tiny, () => ({ ask: effect, decide: decision, 'server-checks': effect }));
  });

  // Proved by the type-check, like the test above: the learner data has one typed field per thing a step records.
  it('types the learner data: reading a field no step writes, or writing a field of the wrong type, does not compile', () => {
    const reads: StepEffect = {
      run: async ({ learner }) => {
        // @ts-expect-error no step writes 'api_code'
        void learner.api_code;
        // Statuses and counts are numbers: no Number() on the way back.
        const status: number | undefined = learner.api_status;
        return { learner: { polls: (learner.polls ?? 0) + 1, ...(status === undefined ? {} : { api_status: status }) } };
      },
    };
    // @ts-expect-error api_status is a number, not its text
    const writesText: StepEffect = { run: async () => ({ learner: { api_status: '200' } }) };
    // @ts-expect-error tv_screen is one of the screens the device knows
    const writesUnknownScreen: StepEffect = { run: async () => ({ learner: { tv_screen: 'menu' } }) };
    expect([reads, writesText, writesUnknownScreen]).toHaveLength(3);
  });

  it('fills in the default effect of a step that only shows the server’s checks', () => {
    const walkthrough = defineWalkthrough(tiny, () => ({ ask: effect, decide: decision }));
    const effects = stepEffects(walkthrough, env);
    expect(Object.keys(effects)).toEqual(['ask', 'decide', 'server-checks']);
    expect(effects.ask).toBe(effect);
    expect(effects['server-checks']).not.toBe(effect);
  });
});
