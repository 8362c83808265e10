import type { Actor } from 'xstate';
import { readLeakReport } from '../../authserver/attacker/leak-report';
import { attackerSite } from '../../authserver/attacker/origin';
import { SITE_BASE } from '../../authserver/paths';
import { findAttack } from '../../flows/attacks';
import type { AttackDefinition } from '../../flows/attacks/types';
import { labMode } from '../../static/mode';
import type { Walkthrough } from '../define';
import type { WalkthroughMachine } from '../machine';
import { attackerHoldings, attackerSiteNote } from './attacker-view';
import type { AttackLab, Defence } from './define';
import { attackWalkthroughOf } from './index';
import { createLeakInbox } from './leak-inbox';
import { elementSelector } from '../walkthrough-elements';

/**
 * The parts of the walk-through only an attack lesson has, bound to the markup of `DefenceSwitch.astro`
 * and `AttackerPanel.astro`: the "Defence" radio group (changing it resets the run), the Attacker panel
 * (where the attacker is, from the lab server's mode, and what it holds), and the defending step lit red
 * on the diagram when the defence stops the attack. Loaded only on attack pages.
 */

/** Where the defence stopped the attack: the diagram's message gets this class. */
export const STOPPED_CLASS = 'is-stopped';

export interface AttackUi {
  attack: AttackDefinition;
  load(): Promise<Walkthrough>;
  connect(actor: Actor<WalkthroughMachine>, diagram: () => SVGSVGElement | null): void;
}

export function createAttackUi(root: HTMLElement, slug: string): AttackUi {
  const attack = findAttack(slug);
  if (!attack) throw new Error(`No attack lesson "${slug}"`);
  const radios = [...root.querySelectorAll<HTMLInputElement>('input[data-defence]')];
  const holdings = root.querySelector<HTMLElement>('[data-attacker-holdings]');
  const empty = root.querySelector<HTMLElement>('[data-attacker-empty]');
  // The third-party script on a lab page in the frame reports to this window: only from that frame's page, on the lab's origin.
  const leaks = createLeakInbox();
  const frame = root.querySelector<HTMLIFrameElement>(elementSelector('frame'));
  window.addEventListener('message', (event) => {
    if (event.origin !== location.origin || !frame || event.source !== frame.contentWindow) return;
    const report = readLeakReport(event.data);
    if (report) leaks.receive(report);
  });
  const lab: AttackLab = {
    defence: (): Defence => (radios.find((radio) => radio.checked)?.value === 'on' ? 'on' : 'off'),
    attacker: attackerSite(labMode(), location.origin, SITE_BASE),
    leaks,
  };
  const where = root.querySelector<HTMLElement>('[data-attacker-site]');
  if (where) where.textContent = attackerSiteNote(lab.attacker);
  const defendingIndex = attack.steps.findIndex((step) => step.id === attack.attack.defence.step);

  return {
    attack,
    async load() {
      const loader = attackWalkthroughOf(attack);
      if (!loader) throw new Error(`No walk-through for the attack lesson "${attack.slug}"`);
      return (await loader()).walkthrough(lab);
    },
    connect(actor, diagram) {
      for (const radio of radios) radio.addEventListener('change', () => actor.send({ type: 'learner.reset' }));
      let shown = '';
      actor.subscribe(({ context }) => {
        const rows = attackerHoldings(context.learner);
        const key = JSON.stringify(rows);
        if (holdings && key !== shown) {
          holdings.replaceChildren(
            ...rows.flatMap(({ term, value }) => {
              const dt = document.createElement('dt');
              dt.textContent = term;
              const dd = document.createElement('dd');
              dd.textContent = value;
              return [dt, dd];
            }),
          );
          shown = key;
        }
        if (empty) empty.hidden = rows.length > 0;
        const stopped = context.outcome === 'error' && context.completed === defendingIndex + 1;
        root.toggleAttribute('data-attack-stopped', stopped);
        for (const message of diagram()?.querySelectorAll<SVGGElement>('g.message') ?? []) {
          message.classList.toggle(STOPPED_CLASS, stopped && Number(message.dataset.stepIndex) === defendingIndex);
        }
      });
    },
  };
}
