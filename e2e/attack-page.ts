import { expect, type Page } from '@playwright/test';
import { otherLoopbackOrigin } from '../src/authserver/attacker/origin';
import { lessonPath } from '../src/flows/attacks/index';
import type { AttackDefinition } from '../src/flows/attacks/types';
import { ENDPOINTS, route } from './fixtures';
import { walkthroughOf, type WalkthroughUi } from './walkthrough-page';

/** An attack lesson's walk-through: the flow's controls, plus the "Defence" radio group and the Attacker panel. */
export function attackOf(page: Page, attack: AttackDefinition) {
  const ui = walkthroughOf(page, attack);
  const defence = page.getByRole('radiogroup', { name: 'Defence' });
  return {
    ...ui,
    defence: {
      group: defence,
      off: defence.getByRole('radio', { name: 'Defence off' }),
      on: defence.getByRole('radio', { name: 'Defence on' }),
    },
    attacker: page.getByRole('region', { name: 'Attacker' }),
    /** The attacker's origin for the page's own (the other loopback name). */
    attackerOrigin: otherLoopbackOrigin(new URL(page.url()).origin) ?? new URL(page.url()).origin,
  };
}

export type AttackUi = ReturnType<typeof attackOf> & WalkthroughUi;

export async function openAttack(page: Page, attack: AttackDefinition): Promise<AttackUi> {
  await page.goto(lessonPath(attack));
  const ui = attackOf(page, attack);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  return ui;
}

/** The id of the step where the lesson's defence acts. */
export function attackDefence(attack: AttackDefinition): string {
  return attack.attack.defence.step;
}

/** The diagram's arrow lit red where the defence stopped the attack. */
export function stoppedStep(ui: WalkthroughUi) {
  return ui.page.getByRole('figure', { name: `${ui.flow.title} — sequence diagram` }).locator('g.message.is-stopped');
}

/** The end of a run with the defence off: the status says so, and the attacker's own API call was answered 200. */
export async function expectAttackerApiCallSucceeded(ui: AttackUi) {
  await expect(ui.status).toContainText('Attack succeeded');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(apiCall).toContainText(`Attacker (${ui.attackerOrigin}) → Resource server`);
  await expect(apiCall).toContainText('200');
}
