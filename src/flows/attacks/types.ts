import type { LabSwitchId } from '../../authserver/lab-switches.ts';
import type { FlowDefinition } from '../types.ts';

/**
 * An attack lesson (`/attacks/<slug>/`) is a flow definition too, with an Attacker participant, so its
 * diagram, steps, anchors and walk-through are derived exactly like a flow's. On top of that it names the
 * defence the learner switches off and on, the step where that defence acts, and the flow step it breaks.
 */
export interface AttackDefinition extends FlowDefinition {
  attack: {
    /** One sentence: what the attacker does and what stops it. */
    summary: string;
    defence: {
      /** The defence in a few words, e.g. "the client's state check". */
      name: string;
      /** The name of the check that refuses the attack, as the Inspector titles it (with ✗), e.g. "state matches". */
      check: string;
      /** Where the defence is specified, e.g. "RFC 6749 §10.12, RFC 9700 §4.7". */
      rfc: string;
      /** The id of this attack's step where the defence acts: lit red on the diagram when it stops the attack. */
      step: string;
      /**
       * Who enforces it. `client`: the client app the walk-through plays, so the switch lives in the page.
       * Otherwise the id of the server's lab switch (`src/authserver/lab-switches.ts`), set in the learner's own namespace.
       */
      side: 'client' | { labSwitch: LabSwitchId };
    };
    /** The step of a flow this attack breaks: the flow page links it here ("What if this check were missing?"). */
    breaks: { flow: string; step: string };
    /**
     * Set only when the lesson is the origin boundary itself, so the attacker must be on another origin
     * than the lab (a frame across origins, say): one sentence saying why, which the static site shows,
     * with a link to running the Node server, in place of the walk-through. Without it the attacker's
     * pages may share the lab's origin (the static site puts them under `/attacker-site`), and the
     * lesson runs there too. See `src/authserver/attacker/origin.ts`.
     */
    needsSecondOrigin?: string;
  };
}

/** Whether a flow definition is an attack lesson. */
export function isAttack(flow: FlowDefinition): flow is AttackDefinition {
  return 'attack' in flow;
}
