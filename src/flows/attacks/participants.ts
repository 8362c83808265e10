import type { Participant } from '../types.ts';

/**
 * The adversary of every attack lesson. Its pages and servers live on an origin of its own (the other
 * loopback name of the lab's), and the diagram says so in its name.
 */
export const attacker = { id: 'Attacker', label: 'Attacker (other origin)', kind: 'attacker' } as const satisfies Participant;
