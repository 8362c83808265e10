import { describe, expect, it } from 'vitest';
import { flows } from '../../flows';
import type { WalkthroughEnv } from '../env';
import { scripts } from './index';

/** Creating a script only captures the environment; nothing is called until a step runs. */
const unusedEnv = new Proxy({}, { get: (_, name) => (name === 'origin' ? 'http://localhost:4321' : undefined) }) as WalkthroughEnv;

describe('every flow has a live walk-through', () => {
  it.each(flows.map((flow) => [flow.slug, flow] as const))('%s: one effect per step of its definition, and no other', (slug, flow) => {
    const makeScript = scripts[slug];
    expect(makeScript, `no walk-through script registered for ${slug}`).toBeDefined();
    const script = makeScript!(unusedEnv);
    expect(Object.keys(script).sort()).toEqual(flow.steps.map((step) => step.id).sort());
  });
});
