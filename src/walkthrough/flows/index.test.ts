import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flows } from '../../flows';
import { decisionsWithoutAnswer, stepEffects, stepsWithoutEffect } from '../define';
import type { WalkthroughEnv } from '../env';
import { walkthroughOf } from './index';

/** Creating a script only captures the environment; nothing is called until a step runs. */
const unusedEnv = new Proxy({}, { get: (_, name) => (name === 'origin' ? 'http://localhost:4321' : undefined) }) as WalkthroughEnv;

const root = new URL('../../../', import.meta.url);

/** The `<Step id="…">` ids of a flow's MDX prose. */
function proseStepIds(slug: string): string[] {
  const mdx = readFileSync(new URL(`content/flows/${slug}.mdx`, root), 'utf8');
  return [...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((match) => match[1]!);
}

/**
 * Adding a flow means its definition, its prose, its effects script, its rendered SVG and one e2e
 * spec. These tests fail when one of the first four is missing.
 */
describe.each(flows.map((flow) => [flow.slug, flow] as const))('%s is complete', (slug, flow) => {
  it('has a walk-through declared with its definition', async () => {
    const load = walkthroughOf(flow);
    expect(load, `no walk-through for ${slug} in src/walkthrough/flows/index.ts`).toBeDefined();
    expect((await load!()).flow).toBe(flow);
  });

  it('has an effect for every step whose kind has no default, and decision points that recognise the answer', async () => {
    const walkthrough = await walkthroughOf(flow)!();
    const script = walkthrough.script(unusedEnv);
    expect(stepsWithoutEffect(flow, script).map((step) => step.id)).toEqual([]);
    expect(decisionsWithoutAnswer(flow, script).map((step) => step.id)).toEqual([]);
    expect(Object.keys(script).filter((id) => !flow.steps.some((step) => step.id === id))).toEqual([]);
    expect(Object.keys(stepEffects(walkthrough, unusedEnv))).toEqual(flow.steps.map((step) => step.id));
  });

  it('has prose for every step, in order', () => {
    expect(proseStepIds(slug)).toEqual(flow.steps.map((step) => step.id));
  });

  it('has a rendered sequence diagram', () => {
    expect(existsSync(new URL(`src/diagrams/svg/${slug}.svg`, root))).toBe(true);
  });
});

describe('a walk-through that lacks an effect', () => {
  it('is refused before it runs', () => {
    const flow = flows[0]!;
    const incomplete = { flow, script: () => ({}) };
    expect(() => stepEffects(incomplete, unusedEnv)).toThrow(/has no effect for step "redirect-to-authorize"/);
  });
});
