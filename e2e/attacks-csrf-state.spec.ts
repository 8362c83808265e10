import { expect, test } from '@playwright/test';
import { csrfState } from '../src/flows/attacks/csrf-state';
import { attackDefence, openAttack, stoppedStep } from './attack-page';
import { ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * Login CSRF: with the app's state check off the attacker's code signs the victim in as the attacker;
 * with it on, the same planted code is refused at the state check.
 */
const ATTACK = csrfState;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the planted code signs the victim in to the attacker’s account', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await expect(ui.defence.off).toBeChecked();

  await nextUntil(ui, 0, 'attacker-keeps-code');
  const attackerRequest = ui.entry(route`^GET ${ENDPOINTS.authorize}\?`).first();
  await expect(attackerRequest).toContainText(`Attacker (${ui.attackerOrigin}) → Authorization server`);
  await expect(ui.attacker).toContainText('mallory');
  await expect(ui.attacker).toContainText('Authorization code');

  await nextUntil(ui, 'attacker-keeps-code', 'forged-callback');
  await expect(ui.address).toHaveValue(/\/lab\/callback\?code=.+&state=.+/);

  await nextUntil(ui, 'forged-callback', 'check-state');
  await expect(ui.entry(/^state matches/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'check-state', 'api-response');
  await expect(ui.status).toContainText('Attack succeeded');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(apiCall).toContainText('200');
  await expect(apiCall).toContainText('Mallory');
  await expect(ui.attacker).toContainText('The victim’s app is signed in as');
});

test('defence on: the same attack is stopped at the state check, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'attacker-authorization-request');
  // Changing the defence starts the run again.
  await ui.defence.on.check();
  await expect(ui.status).toContainText('Walk-through ready');

  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^state matches/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);
});
