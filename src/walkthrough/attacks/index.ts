import type { AttackDefinition } from '../../flows/attacks/types';
import type { AttackWalkthrough } from './define';

/** Loads one attack lesson's walk-through, so a page downloads only its own lesson's effects. */
export type AttackWalkthroughLoader = () => Promise<AttackWalkthrough>;

/** Every attack lesson's walk-through, by the slug of its definition. */
const loaders: Readonly<Record<string, AttackWalkthroughLoader>> = {
  'csrf-state': () => import('./csrf-state').then((module) => module.csrfStateWalkthrough),
  'code-replay': () => import('./code-replay').then((module) => module.codeReplayWalkthrough),
  'code-interception': () => import('./code-interception').then((module) => module.codeInterceptionWalkthrough),
  'redirect-uri-tampering': () => import('./redirect-uri-tampering').then((module) => module.redirectUriTamperingWalkthrough),
  'refresh-token-replay': () => import('./refresh-token-replay').then((module) => module.refreshTokenReplayWalkthrough),
  'mix-up': () => import('./mix-up').then((module) => module.mixUpWalkthrough),
  'implicit-token-leak': () => import('./implicit-token-leak').then((module) => module.implicitTokenLeakWalkthrough),
  clickjacking: () => import('./clickjacking').then((module) => module.clickjackingWalkthrough),
};

/** The loader of an attack lesson's walk-through (a unit test proves every lesson has one). */
export function attackWalkthroughOf(attack: AttackDefinition): AttackWalkthroughLoader | undefined {
  return Object.hasOwn(loaders, attack.slug) ? loaders[attack.slug] : undefined;
}
