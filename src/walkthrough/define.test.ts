import { describe, expect, expectTypeOf, it } from 'vitest';
import type { FlowDefinition } from '../flows/types';
import { defineWalkthrough, stepEffects } from './define';
import type { WalkthroughEnv } from './env';
import { stateAndIssuerChecks, userDecidesStep } from './browser-flow';
import type { LearnerData, StepEffect } from './types';

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
/** Effects in the manner of the shared helpers: each states the fields it reads and writes. */
const writesStatus: StepEffect<never, 'api_status' | 'api_response'> = { run: async () => ({ learner: { api_status: 200, api_response: '{}' } }) };
const readsApiAnswer: StepEffect<'api_status' | 'api_response', never> = { run: async ({ learner }) => ({ message: `${learner.api_status} ${learner.api_response}` }) };
const decision = { ...effect, isAnswer: () => true };
const env = { origin: 'http://lab.test' } as WalkthroughEnv;

describe('defineWalkthrough', () => {
  // Proved by the type-check (`tsc --noEmit`, run first by `npm test`): each @ts-expect-error fails it when the line compiles.
  it('types a script by its flow: a missing, extra or misspelt step id, or a decision point that cannot see its answer, does not compile', () => {
    // @ts-expect-error 'decide' is missing
    defineWalkthrough(tiny, [], () => ({ ask: effect }));
    // @ts-expect-error 'asks' is not a step of the flow
    defineWalkthrough(tiny, [], () => ({ ask: effect, decide: decision, asks: effect }));
    // @ts-expect-error a decision point must recognise the server's answer in the frame
    defineWalkthrough(tiny, [], () => ({ ask: effect, decide: effect }));
    // A check by the server has a default effect, so it may be left out, or given its own.
    defineWalkthrough(tiny, [], () => ({ ask: effect, decide: decision }));
    defineWalkthrough(tiny, [], () => ({ ask: effect, decide: decision, 'server-checks': effect }));
  });

  // Proved by the type-check, like the test above: a flow's record, picked by name from LearnerFields, types its steps.
  it('types the learner data by the flow’s record: a foreign, misspelt or unwritten field, or a wrong type, does not compile', () => {
    const script = defineWalkthrough(tiny, ['api_status', 'polls'], () => ({
      ask: {
        run: async ({ learner }) => {
          // Statuses and counts are numbers: no Number() on the way back.
          expectTypeOf(learner.api_status).toEqualTypeOf<number | undefined>();
          // @ts-expect-error 'access_token' is in LearnerFields, but not in this flow's record
          void learner.access_token;
          // @ts-expect-error no field 'api_code' exists at all
          void learner.api_code;
          return { learner: { api_status: 200, polls: (learner.polls ?? 0) + 1 } };
        },
      },
      decide: decision,
    }));
    expect(script.fields).toEqual(['api_status', 'polls']);

    defineWalkthrough(tiny, ['api_status'], () => ({
      // @ts-expect-error api_status is a number, not its text
      ask: { run: async () => ({ learner: { api_status: '200' } }) },
      decide: decision,
    }));
    defineWalkthrough(tiny, ['api_status'], () => ({
      // @ts-expect-error 'polls' is in LearnerFields, but not in this flow's record
      ask: { run: async () => ({ learner: { api_status: 200, polls: 1 } }) },
      decide: decision,
    }));
    defineWalkthrough(tiny, ['api_status'], () => ({
      // @ts-expect-error 'api_statsu' is misspelt: no such field
      ask: { run: async () => ({ learner: { api_statsu: 200 } }) },
      decide: decision,
    }));
    defineWalkthrough(tiny, ['tv_screen'], () => ({
      // @ts-expect-error tv_screen is one of the screens the device knows
      ask: { run: async () => ({ learner: { tv_screen: 'menu' } }) },
      decide: decision,
    }));
    // @ts-expect-error 'api_statsu' is not a field of LearnerFields
    defineWalkthrough(tiny, ['api_statsu'], () => ({ ask: effect, decide: decision }));
    // @ts-expect-error the record names 'polls', which no step writes: a step could read a field its flow never writes
    defineWalkthrough(tiny, ['api_status', 'polls'], () => ({ ask: writesStatus, decide: decision }));
  });

  it('lets a shared helper into a flow only when the flow’s record holds what it reads and writes', () => {
    defineWalkthrough(tiny, ['api_status', 'api_response'], () => ({ ask: writesStatus, decide: decision, 'server-checks': readsApiAnswer }));
    defineWalkthrough(tiny, ['api_status', 'api_response'], () => ({
      ask: writesStatus,
      // @ts-expect-error the flow's record has no 'decision' for the helper to write
      decide: userDecidesStep(env, () => true),
    }));
    defineWalkthrough(tiny, ['api_status'], () => ({
      ask: writesStatus,
      decide: decision,
      // @ts-expect-error the helper reads 'api_response', which the flow's record lacks
      'server-checks': readsApiAnswer,
    }));
    // @ts-expect-error the helper reads 'state' and 'returned_state', which the flow's record lacks
    const checked = (learner: LearnerData<'api_status'>) => stateAndIssuerChecks(env, learner);
    expect(checked).toBeTypeOf('function');
  });

  it('has no form without a record: a script names the fields it reads and writes', () => {
    // @ts-expect-error the list of the record's fields is missing
    const unnamed = () => defineWalkthrough(tiny, () => ({ ask: effect, decide: decision }));
    expect(unnamed).toBeTypeOf('function');
  });

  it('fills in the default effect of a step that only shows the server’s checks', () => {
    const walkthrough = defineWalkthrough(tiny, [], () => ({ ask: effect, decide: decision }));
    const effects = stepEffects(walkthrough, env);
    expect(Object.keys(effects)).toEqual(['ask', 'decide', 'server-checks']);
    expect(effects.ask).toBe(effect);
    expect(effects['server-checks']).not.toBe(effect);
  });
});
