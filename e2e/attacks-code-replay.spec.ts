import { expect, test } from '@playwright/test';
import { codeReplay } from '../src/flows/attacks/code-replay';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * Code replay: with single use off (a lab switch in this learner's namespace) the attacker redeems the
 * victim's used code again and reads the victim's profile; with it on, the replay is refused.
 */
const ATTACK = codeReplay;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the used code is redeemed again and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'victim-authorizes');
  await expect(ui.entry(/^lab switch single-use-code/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'victim-authorizes', 'verify-code');
  const replay = ui.entry(route`^POST ${ENDPOINTS.token}`).last();
  await expect(replay).toContainText(`Attacker (${ui.attackerOrigin}) → Authorization server`);
  await expect(replay).toContainText('200');
  await expect(ui.entry(/^code is unused/).last()).toContainText('single use');

  await nextUntil(ui, 'verify-code', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
  await expect(ui.attacker).toContainText('Access token');
  await expect(ui.attacker).toContainText('HTTP 200');
});

test('defence on: the replay is refused at the single-use check, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.entry(/^lab switch single-use-code/)).toContainText('on');
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^code is unused/).last();
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).last()).toContainText('invalid_grant');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
});
