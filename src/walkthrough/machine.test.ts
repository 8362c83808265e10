import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, initialTransition, SimulatedClock, transition, waitFor } from 'xstate';
import type { FlowDefinition } from '../flows/types';
import { momentOf, runStepActor, walkthroughInput, walkthroughMachine, type RestoreMomentInput } from './machine';
import { parseSavedRun, serializeRun } from './runs/saved-run';
import type { StepEffects, StepInput, StepResult } from './types';

const flow: FlowDefinition = {
  slug: 'tiny',
  title: 'Tiny',
  participants: [
    { id: 'Client', label: 'Client app', kind: 'client' },
    { id: 'AS', label: 'Authorization server', kind: 'authserver' },
  ],
  steps: [
    { id: 'start', from: 'Client', to: 'AS', kind: 'request', label: 'GET /start', teaches: 'starts' },
    { id: 'decide', from: 'Client', to: 'AS', kind: 'user', label: 'decides', teaches: 'decides', decision: true },
    { id: 'check', from: 'Client', to: 'Client', kind: 'check', label: 'check', teaches: 'checks' },
  ],
};

const check = (name: string, verdict: 'pass' | 'fail' = 'pass') =>
  ({ type: 'check', seq: 0, at: 0, actor: 'client', name, inputs: {}, verdict, recordedBy: 'client' }) as const;

/** A script whose effects record their inputs and answer from a table, like the real one but without a server. */
function fakeScript(overrides: Partial<Record<string, (input: StepInput) => Promise<StepResult>>> = {}) {
  const calls: StepInput[] = [];
  const defaults: Record<string, (input: StepInput) => Promise<StepResult>> = {
    start: async () => ({ learner: { state: 's1' }, frameUrl: 'http://lab/authorize', events: [check('started')], serverSeq: 3 }),
    decide: async (input) =>
      input.decision === 'deny'
        ? { frameUrl: 'http://lab/cb?error=access_denied', outcome: 'denied', message: 'The user denied access.' }
        : { frameUrl: 'http://lab/cb?code=c1', learner: { code: 'c1' }, events: [check('login')], serverSeq: 5 },
    check: async (input) => ({ events: [check('state matches', input.learner.state === 's1' ? 'pass' : 'fail')] }),
  };
  const run = (id: string) => async (input: StepInput) => {
    calls.push(input);
    return (overrides[id] ?? defaults[id]!)(input);
  };
  const script: StepEffects = {
    start: { run: run('start') },
    decide: { run: run('decide'), isAnswer: (url: string) => url.startsWith('http://lab/cb') },
    check: { run: run('check') },
  };
  return { script, calls };
}

function start(script: StepEffects, options: { clock?: SimulatedClock; flow?: FlowDefinition } = {}) {
  const restores: RestoreMomentInput[] = [];
  let resets = 0;
  const machine = walkthroughMachine.provide({
    actors: {
      runStep: runStepActor(script),
      restoreMoment: fromPromise(async ({ input }: { input: RestoreMomentInput }) => {
        restores.push(input);
        return { serverSeq: input.serverSeq + 1 };
      }),
      resetLearner: fromPromise(async () => {
        resets += 1;
      }),
    },
  });
  const actor = createActor(machine, {
    input: walkthroughInput((options.flow ?? flow).steps, script),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  actor.start();
  return { actor, restores, resets: () => resets };
}

const settled = (actor: ReturnType<typeof start>['actor']) =>
  waitFor(actor, (s) => s.matches('ready') || s.matches('finished'));

describe('walk-through machine', () => {
  it('Next runs the next step for real and records its events tagged with the step id', async () => {
    const { script, calls } = fakeScript();
    const { actor } = start(script);
    actor.send({ type: 'learner.next' });
    const snapshot = await settled(actor);
    expect(calls.map((c) => c.step.id)).toEqual(['start']);
    expect(snapshot.context.completed).toBe(1);
    expect(snapshot.context.learner).toEqual({ state: 's1' });
    expect(snapshot.context.frameUrl).toBe('http://lab/authorize');
    expect(snapshot.context.serverSeq).toBe(3);
    expect(snapshot.context.trace).toEqual([{ ...check('started'), stepId: 'start' }]);
  });

  it('hands each step the learner data and server trace position left by the steps before it', async () => {
    const { script, calls } = fakeScript();
    const { actor } = start(script);
    for (let i = 0; i < 3; i++) {
      actor.send({ type: 'learner.next' });
      await settled(actor);
    }
    expect(calls[2]).toMatchObject({ index: 2, learner: { state: 's1', code: 'c1' }, serverSeq: 5, frameUrl: 'http://lab/cb?code=c1' });
    const snapshot = actor.getSnapshot();
    expect(snapshot.matches('finished')).toBe(true);
    expect(snapshot.context.outcome).toBe('done');
    expect(snapshot.context.trace.map((e) => e.type === 'check' && `${e.stepId}:${e.name}:${e.verdict}`)).toEqual([
      'start:started:pass',
      'decide:login:pass',
      'check:state matches:pass',
    ]);
  });

  it('Previous step restores the earlier moment and reloads its frame URL; the server position never goes back', async () => {
    const { script, calls } = fakeScript();
    const { actor, restores } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    const afterFirst = actor.getSnapshot().context;
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.back' });
    const back = await settled(actor);
    expect(back.context.completed).toBe(1);
    expect(back.context.trace).toEqual(afterFirst.trace);
    expect(back.context.learner).toEqual(afterFirst.learner);
    expect(back.context.frameUrl).toBe('http://lab/authorize');
    expect(restores).toEqual([{ frameUrl: 'http://lab/authorize', serverSeq: 5, learner: { state: 's1' }, leaving: { state: 's1', code: 'c1' } }]);
    expect(back.context.serverSeq).toBe(6);

    // Next again re-runs the step for real.
    actor.send({ type: 'learner.next' });
    await settled(actor);
    expect(calls.map((c) => c.step.id)).toEqual(['start', 'decide', 'decide']);
    expect(calls[2]!.serverSeq).toBe(6);
  });

  it('a run saved after two steps resumes in a new page’s walk-through: the frame page reloads, Next goes on, Previous goes back', async () => {
    const first = start(fakeScript().script);
    for (let i = 0; i < 2; i++) {
      first.actor.send({ type: 'learner.next' });
      await settled(first.actor);
    }
    const left = first.actor.getSnapshot().context;
    const text = serializeRun(flow, { ...momentOf(left), history: left.history }, null)!;
    const saved = parseSavedRun(flow, text, null);
    if (!saved || !('run' in saved)) throw new Error('the saved run does not read back');

    const { script, calls } = fakeScript();
    const { actor, restores } = start(script);
    actor.send({ type: 'learner.resume', run: saved.run });
    const resumed = await settled(actor);
    expect(resumed.context).toMatchObject({ completed: 2, learner: left.learner, trace: left.trace, frameUrl: 'http://lab/cb?code=c1' });
    // Like Previous step: the frame loads the moment's page again, and what the server recorded meanwhile is skipped.
    expect(restores).toEqual([{ frameUrl: 'http://lab/cb?code=c1', serverSeq: 0, learner: left.learner, leaving: {} }]);
    expect(resumed.context.serverSeq).toBe(1);

    actor.send({ type: 'learner.next' });
    const done = await settled(actor);
    expect(calls.map((c) => c.step.id)).toEqual(['check']);
    expect(calls[0]!.learner).toEqual({ state: 's1', code: 'c1' });
    expect(done.context.trace.map((e) => e.type === 'check' && e.name)).toEqual(['started', 'login', 'state matches']);
    expect(done.context.outcome).toBe('done');

    for (const completed of [2, 1]) {
      actor.send({ type: 'learner.back' });
      await waitFor(actor, (s) => s.matches('ready') && s.context.completed === completed);
    }
    expect(actor.getSnapshot().context).toMatchObject({ learner: { state: 's1' }, frameUrl: 'http://lab/authorize', trace: [{ name: 'started' }] });
  });

  it('a saved run is taken up only before the first step', async () => {
    const { script } = fakeScript();
    const { actor, restores } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    const before = actor.getSnapshot().context;
    actor.send({ type: 'learner.resume', run: { ...momentOf(before), completed: 3, history: [] } });
    expect(actor.getSnapshot().context.completed).toBe(1);
    expect(restores).toEqual([]);
  });

  it('Previous step at the start does nothing', async () => {
    const { script } = fakeScript();
    const { actor, restores } = start(script);
    actor.send({ type: 'learner.back' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    expect(restores).toEqual([]);
  });

  it('Reset starts a fresh learner namespace at step 0 with an empty trace', async () => {
    const { script } = fakeScript();
    const { actor, resets } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.reset' });
    const snapshot = await settled(actor);
    expect(resets()).toBe(1);
    expect(snapshot.context).toMatchObject({ completed: 0, trace: [], learner: {}, frameUrl: null, serverSeq: 0, history: [] });
  });

  it('the deny path hands the decision to the decision step and ends the run as denied', async () => {
    const { script, calls } = fakeScript();
    const { actor } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.decide', decision: 'deny' });
    const snapshot = await settled(actor);
    expect(calls[1]!.decision).toBe('deny');
    expect(snapshot.matches('finished')).toBe(true);
    expect(snapshot.context.outcome).toBe('denied');
    expect(snapshot.context.message).toBe('The user denied access.');
    actor.send({ type: 'learner.next' });
    expect(calls).toHaveLength(2);
  });

  it('a decision only counts at the decision point', async () => {
    const { script, calls } = fakeScript();
    const { actor } = start(script);
    actor.send({ type: 'learner.decide', decision: 'approve' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('the frame landing on the answer at the decision point completes the decision step', async () => {
    const { script, calls } = fakeScript();
    const { actor } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'frame.navigated', url: 'http://lab/authorize?login=failed' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    expect(actor.getSnapshot().context.frameUrl).toBe('http://lab/authorize?login=failed');
    actor.send({ type: 'frame.navigated', url: 'http://lab/cb?code=c1' });
    const snapshot = await settled(actor);
    expect(calls.map((c) => c.step.id)).toEqual(['start', 'decide']);
    expect(calls[1]!.frameUrl).toBe('http://lab/cb?code=c1');
    expect(snapshot.context.completed).toBe(2);
  });

  it('Previous after answering in the frame goes back to the page the decision started on, not where the learner clicked to', async () => {
    const { script } = fakeScript();
    const { actor, restores } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'frame.navigated', url: 'http://lab/authorize?login=failed' });
    actor.send({ type: 'frame.navigated', url: 'http://lab/cb?code=c1' });
    await settled(actor);
    actor.send({ type: 'learner.back' });
    const back = await settled(actor);
    expect(back.context.completed).toBe(1);
    expect(back.context.frameUrl).toBe('http://lab/authorize');
    expect(restores.map((r) => r.frameUrl)).toEqual(['http://lab/authorize']);
  });

  it('an effect that fails ends the run with an error the learner can step back from', async () => {
    const { script } = fakeScript({
      decide: async () => {
        throw new Error('network down');
      },
    });
    const { actor } = start(script);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.next' });
    const failed = await settled(actor);
    expect(failed.matches('finished')).toBe(true);
    expect(failed.context.outcome).toBe('error');
    expect(failed.context.message).toContain('network down');
    actor.send({ type: 'learner.back' });
    const back = await settled(actor);
    expect(back.context).toMatchObject({ completed: 1, outcome: null, message: null });
  });

  it('an effect can stop the run with an error outcome (a failed check)', async () => {
    const { script } = fakeScript({
      start: async () => ({ events: [check('state matches', 'fail')], outcome: 'error', message: 'CSRF' }),
    });
    const { actor } = start(script);
    actor.send({ type: 'learner.next' });
    const snapshot = await settled(actor);
    expect(snapshot.context).toMatchObject({ completed: 1, outcome: 'error', message: 'CSRF' });
  });

  it('Play advances on the clock to the end, approving at the decision point', async () => {
    const clock = new SimulatedClock();
    const { script, calls } = fakeScript();
    const { actor } = start(script, { clock });
    actor.send({ type: 'learner.play' });
    await waitFor(actor, (s) => s.matches('waiting'));
    expect(actor.getSnapshot().context.completed).toBe(1);
    clock.increment(1500);
    await waitFor(actor, (s) => s.matches('waiting'));
    expect(actor.getSnapshot().context.completed).toBe(2);
    clock.increment(1500);
    const snapshot = await settled(actor);
    expect(calls.map((c) => [c.step.id, c.decision])).toEqual([
      ['start', undefined],
      ['decide', undefined],
      ['check', undefined],
    ]);
    expect(snapshot.context).toMatchObject({ outcome: 'done', playing: false });
  });

  it('Pause stops playing between steps', async () => {
    const clock = new SimulatedClock();
    const { script, calls } = fakeScript();
    const { actor } = start(script, { clock });
    actor.send({ type: 'learner.play' });
    await waitFor(actor, (s) => s.matches('waiting'));
    actor.send({ type: 'learner.pause' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    clock.increment(5000);
    expect(calls).toHaveLength(1);
    expect(actor.getSnapshot().context.playing).toBe(false);
  });

  it('Run to a step plays up to that step and stops there', async () => {
    const clock = new SimulatedClock();
    const { script } = fakeScript();
    const { actor } = start(script, { clock });
    actor.send({ type: 'learner.runTo', stepId: 'decide' });
    await waitFor(actor, (s) => s.matches('waiting'));
    clock.increment(499);
    expect(actor.getSnapshot().context.completed).toBe(1);
    clock.increment(1);
    const snapshot = await settled(actor);
    expect(snapshot.matches('ready')).toBe(true);
    expect(snapshot.context.completed).toBe(2);
    expect(snapshot.context.playing).toBe(false);
  });
});

describe('learner actions a step offers', () => {
  const advanceClock = { id: 'advance-clock', label: 'Advance clock 1 hour' };
  const flowWithAction: FlowDefinition = {
    ...flow,
    steps: flow.steps.map((step) => (step.id === 'check' ? { ...step, actions: [advanceClock] } : step)),
  };

  function scriptWithAction() {
    const { script, calls } = fakeScript();
    const withAction: StepEffects = {
      ...script,
      check: {
        run: async (input) => {
          calls.push(input);
          return { learner: { lab_clock_offset_seconds: input.action === advanceClock.id ? 3600 : 0 } };
        },
      },
    };
    return { script: withAction, calls };
  }

  it('runs the next step with the chosen action and forgets it afterwards', async () => {
    const { script, calls } = scriptWithAction();
    const { actor } = start(script, { flow: flowWithAction });
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.act', action: 'advance-clock' });
    const snapshot = await settled(actor);
    expect(calls.map((c) => [c.step.id, c.action])).toEqual([
      ['start', undefined],
      ['decide', undefined],
      ['check', 'advance-clock'],
    ]);
    expect(snapshot.context.learner.lab_clock_offset_seconds).toBe(3600);
    expect(snapshot.context.action).toBeNull();
  });

  it('ignores an action the next step does not offer', async () => {
    const { script, calls } = scriptWithAction();
    const { actor } = start(script, { flow: flowWithAction });
    actor.send({ type: 'learner.act', action: 'advance-clock' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    actor.send({ type: 'learner.next' });
    await settled(actor);
    actor.send({ type: 'learner.act', action: 'something-else' });
    expect(actor.getSnapshot().matches('ready')).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('Next runs an action step with its default (no action)', async () => {
    const { script, calls } = scriptWithAction();
    const { actor } = start(script, { flow: flowWithAction });
    for (let i = 0; i < 3; i++) {
      actor.send({ type: 'learner.next' });
      await settled(actor);
    }
    expect(calls[2]).toMatchObject({ step: { id: 'check' } });
    expect(calls[2]!.action).toBeUndefined();
    expect(actor.getSnapshot().context.learner.lab_clock_offset_seconds).toBe(0);
  });
});

describe('the machine as pure transitions (no actor, no effects run)', () => {
  const { script } = fakeScript();
  const input = walkthroughInput(flow.steps, script);
  const [initial] = initialTransition(walkthroughMachine, input);

  /** The snapshot after `completed` steps have run, waiting for the learner. */
  const readyAfter = (completed: number, extra: Partial<typeof initial.context> = {}) =>
    walkthroughMachine.resolveState({ value: 'ready', context: { ...initial.context, completed, ...extra } });

  it('Next is allowed while a step remains, and not after the last one or once the run has ended', () => {
    expect(transition(walkthroughMachine, initial, { type: 'learner.next' })[0].value).toBe('running');
    expect(transition(walkthroughMachine, readyAfter(flow.steps.length), { type: 'learner.next' })[0].value).toBe('ready');
    expect(transition(walkthroughMachine, readyAfter(1, { outcome: 'denied' }), { type: 'learner.next' })[0].value).toBe('ready');
  });

  it('a decision is taken only at the step the flow marks as its decision point', () => {
    const decide = { type: 'learner.decide', decision: 'deny' } as const;
    expect(transition(walkthroughMachine, initial, decide)[0].value).toBe('ready');
    const [atDecision] = transition(walkthroughMachine, readyAfter(1), decide);
    expect(atDecision.value).toBe('running');
    expect(atDecision.context.decision).toBe('deny');
  });

  it('the frame answers the decision only with a URL the decision effect recognises', () => {
    expect(transition(walkthroughMachine, readyAfter(1), { type: 'frame.navigated', url: 'http://lab/elsewhere' })[0].value).toBe('ready');
    expect(transition(walkthroughMachine, readyAfter(1), { type: 'frame.navigated', url: 'http://lab/cb?code=c1' })[0].value).toBe('running');
    expect(transition(walkthroughMachine, readyAfter(0), { type: 'frame.navigated', url: 'http://lab/cb?code=c1' })[0].value).toBe('ready');
  });

  it('Play starts playing, and Run to a step plays only to a step still ahead', () => {
    const [playing] = transition(walkthroughMachine, initial, { type: 'learner.play' });
    expect(playing.value).toBe('running');
    expect(playing.context).toMatchObject({ playing: true, stopAt: null });
    const [toDecide] = transition(walkthroughMachine, initial, { type: 'learner.runTo', stepId: 'decide' });
    expect(toDecide.context).toMatchObject({ playing: true, stopAt: 2 });
    expect(transition(walkthroughMachine, readyAfter(2), { type: 'learner.runTo', stepId: 'start' })[0].value).toBe('ready');
  });

  it('Previous step is refused at the start, and a learner action the next step does not offer is ignored', () => {
    expect(transition(walkthroughMachine, initial, { type: 'learner.back' })[0].value).toBe('ready');
    expect(transition(walkthroughMachine, initial, { type: 'learner.act', action: 'advance-clock' })[0].value).toBe('ready');
  });
});
