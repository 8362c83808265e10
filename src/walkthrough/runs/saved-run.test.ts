import { describe, expect, it } from 'vitest';
import { pkce } from '../../flows/pkce';
import { authorizationCode } from '../../flows/authorization-code';
import type { Moment, ResumableRun } from '../machine';
import type { TracedEvent } from '../types';
import { lastClientSeq, parseSavedRun, savedRunKey, serializeRun } from './saved-run';

const [first, second, third] = pkce.steps;

const event = (seq: number, stepId: string, recordedBy: 'client' | 'server' = 'client'): TracedEvent => ({
  type: 'check',
  seq,
  at: 1_700_000_000_000 + seq,
  actor: recordedBy === 'client' ? 'client' : 'authserver',
  name: `check ${seq}`,
  inputs: { value: seq },
  verdict: 'pass',
  recordedBy,
  stepId,
});

/** A PKCE run three steps in, with the moments Previous step goes back to (each trace a prefix of the next). */
function runOfThreeSteps(): ResumableRun {
  const trace = [event(1, first!.id), event(7, second!.id, 'server'), event(2, second!.id), event(3, third!.id)];
  const moment = (completed: number, entries: number, extra: Partial<Moment> = {}): Moment => ({
    completed,
    learner: completed > 0 ? { code_verifier: 'v', code_challenge: 'c' } : {},
    trace: trace.slice(0, entries),
    frameUrl: null,
    outcome: null,
    message: null,
    ...extra,
  });
  return {
    ...moment(3, 4, { learner: { code_verifier: 'v', code_challenge: 'c', state: 's' }, frameUrl: 'http://localhost:4321/oauth/authorize?x=1' }),
    history: [moment(0, 0), moment(1, 1), moment(2, 3)],
  };
}

describe('a walk-through run kept between visits', () => {
  it('reads back exactly as it was kept: the step, the learner data, the Inspector entries and every earlier moment', () => {
    const run = runOfThreeSteps();
    const text = serializeRun(pkce, run, 'learner-1')!;
    expect(parseSavedRun(pkce, text, 'learner-1')).toEqual({ run });
    // Earlier moments keep a count of the run's entries, not a copy of them.
    expect(JSON.parse(text).history.map((moment: { trace: unknown }) => moment.trace)).toEqual([0, 1, 3]);
  });

  it('keeps an earlier moment’s own entries when they are not the run’s first ones', () => {
    const run = runOfThreeSteps();
    const other = { ...run, history: [run.history[0]!, { ...run.history[1]!, trace: [event(9, first!.id)] }, run.history[2]!] };
    expect(parseSavedRun(pkce, serializeRun(pkce, other, null), null)).toEqual({ run: other });
  });

  it('keeps nothing before the first step', () => {
    expect(serializeRun(pkce, { completed: 0, learner: {}, trace: [], frameUrl: null, outcome: null, message: null, history: [] }, null)).toBeNull();
    expect(parseSavedRun(pkce, null, null)).toBeNull();
  });

  it('does not resume a run of another lesson, of a lesson whose steps changed, or of another learner', () => {
    const text = serializeRun(pkce, runOfThreeSteps(), 'learner-1')!;
    expect(parseSavedRun(authorizationCode, text, 'learner-1')).toEqual({ unusable: 'unreadable' });
    const changed = { ...pkce, steps: pkce.steps.slice(1) };
    expect(parseSavedRun(changed, text, 'learner-1')).toEqual({ unusable: 'lesson-changed' });
    expect(parseSavedRun(pkce, text, 'learner-2')).toEqual({ unusable: 'other-learner' });
  });

  it('refuses what is not a run it kept: not JSON, another version, moments out of order, a frame address that is no web page', () => {
    const kept = JSON.parse(serializeRun(pkce, runOfThreeSteps(), null)!);
    const variants: unknown[] = [
      { ...kept, version: 2 },
      { ...kept, history: kept.history.slice(1) },
      { ...kept, history: [kept.history[1], kept.history[0], kept.history[2]] },
      { ...kept, run: { ...kept.run, frameUrl: 'javascript:alert(1)' } },
      { ...kept, run: { ...kept.run, completed: pkce.steps.length + 1 } },
      { ...kept, run: { ...kept.run, trace: [{ ...kept.run.trace[0], stepId: 'no-such-step' }] } },
      { ...kept, history: [kept.history[0], { ...kept.history[1], trace: 99 }, kept.history[2]] },
      { ...kept, run: { ...kept.run, learner: { state: { nested: true } } } },
    ];
    expect(parseSavedRun(pkce, '{not json', null)).toEqual({ unusable: 'unreadable' });
    for (const variant of variants) expect(parseSavedRun(pkce, JSON.stringify(variant), null)).toEqual({ unusable: 'unreadable' });
  });

  it('tells the page’s recorder where the client’s own numbering of events stopped', () => {
    expect(lastClientSeq(runOfThreeSteps())).toBe(3);
  });

  it('keeps each copy of the site apart on one origin, by its base', () => {
    expect(savedRunKey('', 'pkce')).not.toBe(savedRunKey('/oauth-lab', 'pkce'));
    expect(savedRunKey('', 'pkce')).not.toBe(savedRunKey('', 'authorization-code'));
  });
});
