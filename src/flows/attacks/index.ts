import type { FlowDefinition } from '../types.ts';
import { clickjacking } from './clickjacking.ts';
import { codeInterception } from './code-interception.ts';
import { codeReplay } from './code-replay.ts';
import { csrfState } from './csrf-state.ts';
import { mixUp } from './mix-up.ts';
import { implicitTokenLeak } from './implicit-token-leak.ts';
import { redirectUriTampering } from './redirect-uri-tampering.ts';
import { refreshTokenReplay } from './refresh-token-replay.ts';
import type { AttackDefinition } from './types.ts';

// Imports carry their `.ts` extension so that `scripts/render-diagrams.mjs` can load them with plain Node.

/** Every attack lesson, in reading order. Add one here and it gets a page, a diagram and a walk-through. */
export const attacks: readonly AttackDefinition[] = [csrfState, codeInterception, redirectUriTampering, codeReplay, refreshTokenReplay, implicitTokenLeak, mixUp, clickjacking];

/** The attack lesson with this slug, or undefined. */
export function findAttack(slug: string): AttackDefinition | undefined {
  return attacks.find((attack) => attack.slug === slug);
}

/** The attack lessons that break this step of a flow (the flow page links each: "What if this check were missing?"). */
export function attacksOnStep(flow: Pick<FlowDefinition, 'slug'>, stepId: string): AttackDefinition[] {
  return attacks.filter((attack) => attack.attack.breaks.flow === flow.slug && attack.attack.breaks.step === stepId);
}

/** Where a flow's or an attack's page lives. */
export function lessonPath(flow: FlowDefinition): string {
  return `${'attack' in flow ? '/attacks/' : '/flows/'}${flow.slug}/`;
}

export { isAttack, type AttackDefinition } from './types.ts';
