import type { Participant } from '../types.ts';

/**
 * The adversary of every attack lesson. Its pages and servers live on an origin of its own (the other
 * loopback name of the lab's), and the diagram says so in its name; on the static site they stand under
 * a path of the lab's origin instead, which the Attacker panel says (`src/authserver/attacker/origin.ts`).
 */
export const attacker = { id: 'Attacker', label: 'Attacker (other origin)', kind: 'attacker' } as const satisfies Participant;
