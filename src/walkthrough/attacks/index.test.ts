import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attackerSite } from '../../authserver/attacker/origin';
import { getFlow } from '../../flows';
import { attacks, attacksOnStep, lessonPath } from '../../flows/attacks';
import { decisionsWithoutAnswer, stepEffects, stepsWithoutEffect } from '../define';
import type { WalkthroughEnv } from '../env';
import type { AttackLab } from './define';
import { attackWalkthroughOf } from './index';

/** Creating a script only captures the environment; nothing is called until a step runs. */
const unusedEnv = new Proxy({}, { get: (_, name) => (name === 'origin' ? 'http://localhost:4321' : undefined) }) as WalkthroughEnv;
const lab: AttackLab = { defence: () => 'off', attacker: attackerSite('node', 'http://localhost:4321') };
const root = new URL('../../../', import.meta.url);

/**
 * Adding an attack lesson means its definition, its prose, its effects script, its rendered SVG and
 * one e2e spec. These tests fail when one of the first four is missing or they disagree.
 */
describe.each(attacks.map((attack) => [attack.slug, attack] as const))('%s is complete', (slug, attack) => {
  it('has a walk-through declared with its definition, with an effect for every step', async () => {
    const load = attackWalkthroughOf(attack);
    expect(load, `no walk-through for ${slug} in src/walkthrough/attacks/index.ts`).toBeDefined();
    const loaded = await load!();
    expect(loaded.attack).toBe(attack);
    const walkthrough = loaded.walkthrough(lab);
    const script = walkthrough.script(unusedEnv);
    expect(stepsWithoutEffect(attack, script).map((step) => step.id)).toEqual([]);
    expect(decisionsWithoutAnswer(attack, script).map((step) => step.id)).toEqual([]);
    expect(Object.keys(stepEffects(walkthrough, unusedEnv))).toEqual(attack.steps.map((step) => step.id));
  });

  it('has an Attacker, a defending step of its own, and breaks a real step of a flow that links back to it', () => {
    expect(attack.participants.some((p) => p.kind === 'attacker')).toBe(true);
    expect(attack.steps.map((step) => step.id)).toContain(attack.attack.defence.step);
    const flow = getFlow(attack.attack.breaks.flow);
    expect(flow.steps.map((step) => step.id)).toContain(attack.attack.breaks.step);
    expect(attacksOnStep(flow, attack.attack.breaks.step)).toContain(attack);
    expect(lessonPath(attack)).toBe(`/attacks/${slug}/`);
  });

  it('has prose for every step, in order, and a rendered sequence diagram', () => {
    const mdx = readFileSync(new URL(`content/attacks/${slug}.mdx`, root), 'utf8');
    expect([...mdx.matchAll(/<Step\s+id="([^"]+)"/g)].map((match) => match[1])).toEqual(attack.steps.map((step) => step.id));
    expect(existsSync(new URL(`src/diagrams/svg/${slug}.svg`, root))).toBe(true);
  });
});
