import { describe, expect, it } from 'vitest';
import { getFlow } from '../flows';
import { locateStep, stepKindText, stepRoute } from './step-model';

const flow = getFlow('authorization-code');

describe('locateStep', () => {
  it('numbers steps from 1 in flow order', () => {
    const first = flow.steps[0]!;
    expect(locateStep(flow, first.id)).toEqual({ step: first, number: 1 });
    const last = flow.steps[flow.steps.length - 1]!;
    expect(locateStep(flow, last.id).number).toBe(flow.steps.length);
  });

  it('explains an unknown id by listing the flow’s steps', () => {
    expect(() => locateStep(flow, 'no-such-step')).toThrow(
      /<Step id="no-such-step"> in content\/flows\/authorization-code\.mdx is not a step of the "authorization-code" flow\. Its steps, in order: redirect-to-authorize,/,
    );
  });
});

describe('stepRoute and stepKindText', () => {
  it('describes who talks to whom, and how', () => {
    const redirect = locateStep(flow, 'redirect-to-authorize').step;
    expect(stepRoute(flow, redirect)).toBe('Client app → Browser');
    expect(stepKindText(redirect)).toBe('redirect · front channel');
  });

  it('describes a check as something one participant does', () => {
    const check = locateStep(flow, 'check-state').step;
    expect(stepRoute(flow, check)).toBe('Client app checks');
    expect(stepKindText(check)).toBe('check');
  });
});
