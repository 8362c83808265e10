import { attackerLabel, type AttackerSite } from '../../authserver/attacker/origin';
import { LAB_SWITCHES, labSwitchInput, type LabSwitchId } from '../../authserver/lab-switches';
import { ENDPOINTS } from '../../authserver/paths';
import type { AttackDefinition } from '../../flows/attacks/types';
import type { OnlyStepIds, Walkthrough } from '../define';
import type { WalkthroughEnv } from '../env';
import { recordCheck } from '../recorder';
import type { FlowScript, RecordedEvent, StepEffect, StepInput, StepResult } from '../types';
import type { LeakInbox } from './leak-inbox';

/** The learner's choice in the "Defence" radio group. */
export type Defence = 'on' | 'off';

/** What an attack lesson's effects need besides the page's environment. */
export interface AttackLab {
  /** The defence as the radio group has it now (changing it resets the run, so it holds for a whole run). */
  defence(): Defence;
  /** Where the attacker's pages and server are: an origin of their own, or a path of the lab's (`attackerSite`). */
  attacker: AttackerSite;
  /** What the attacker's third-party script reported from pages in the browser frame (the page's own frame only). */
  leaks?: LeakInbox;
}

/** An attack lesson's walk-through: its definition, and its effects once the page gives it the lab. */
export interface AttackWalkthrough<A extends AttackDefinition = AttackDefinition> {
  readonly attack: A;
  walkthrough(lab: AttackLab): Walkthrough<A>;
}

/**
 * Declares the walk-through of an attack lesson, keyed by its step ids exactly like
 * `defineWalkthrough`; the script also receives the lab (the defence setting, where the attacker is).
 */
export function defineAttackWalkthrough<const A extends AttackDefinition, S extends FlowScript<A>>(
  attack: A,
  script: (env: WalkthroughEnv, lab: AttackLab) => OnlyStepIds<A, S>,
): AttackWalkthrough<A> {
  return {
    attack,
    // No record of its own yet: an attack lesson's steps may read and write every field of `LearnerFields`.
    walkthrough: (lab) => ({
      flow: attack,
      script: (env) => {
        const effects = script(env, lab);
        const { side } = attack.attack.defence;
        if (side === 'client') return effects;
        // A server-side defence: the first step first sets the learner's own lab switch to the radio's choice.
        const firstId = attack.steps[0]!.id as keyof S;
        const first = effects[firstId] as StepEffect;
        return {
          ...effects,
          [firstId]: {
            async run(input: StepInput) {
              const switched = await setLabSwitch(env, side.labSwitch, lab.defence());
              const result = await first.run(input);
              return { ...result, events: [switched, ...(result.events ?? [])] };
            },
          },
        };
      },
    }),
  };
}

/**
 * Sets one of the server's lab switches in this learner's namespace (never anyone else's), recorded as
 * the lab's own entry so the learner sees which defence the server has for them.
 */
export async function setLabSwitch(env: WalkthroughEnv, id: LabSwitchId, value: Defence): Promise<RecordedEvent> {
  const response = await env.fetch(ENDPOINTS.labSwitches, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ [id]: value }),
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`The server refused the lab switch ${id} (HTTP ${response.status}).`);
  return recordCheck(env.recorder, `lab switch ${id}`, labSwitchInput(id, value), true, {
    detail: `Set for your learner namespace only. ${value === 'off' ? LAB_SWITCHES[id].off : 'The server’s default, secure behaviour.'}`,
    rfc: LAB_SWITCHES[id].rfc,
  });
}

/** Marks events as the attacker's: the Inspector names the Attacker and where it is for them. */
export function byAttacker(lab: AttackLab, events: readonly RecordedEvent[]): RecordedEvent[] {
  const site = attackerLabel(lab.attacker);
  return events.map((event) => ({ ...event, by: { attacker: true, site } }));
}

/** Marks what the client sent to the attacker's own server: the Inspector names the Attacker and its origin as the receiver. */
export function toAttacker(lab: AttackLab, events: readonly RecordedEvent[]): RecordedEvent[] {
  return events.map((event) => ({ ...event, to: { attacker: true, site: attackerLabel(lab.attacker) } }));
}

/** The walk-through's status at the end of a run with the defence off: what the attacker now has. @see DESIGN.md */
export function attackSucceeded(detail: string): Pick<StepResult, 'message'> {
  return { message: `Attack succeeded: ${detail}` };
}

/** The run ends at the defending step, refused by the defence the lesson names. */
export function attackStopped(attack: AttackDefinition, detail: string): Pick<StepResult, 'message' | 'outcome'> {
  return { outcome: 'error', message: `Attack stopped by ${attack.attack.defence.name} (${attack.attack.defence.rfc}): ${detail}` };
}

/** How a check input shows that the lab switched a defence off, as the server's trace shows it too. */
export function labSettingInput(defence: Defence): string {
  return defence === 'off' ? 'off (lab setting)' : 'on';
}
