import { expect, test } from '@playwright/test';
import { refreshTokenReplay } from '../src/flows/attacks/refresh-token-replay';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * Refresh token replay: with reuse detection off (a lab switch in this learner's namespace) the attacker's
 * copy of a rotated refresh token still buys tokens; with it on, it is refused and the grant revoked.
 */
const ATTACK = refreshTokenReplay;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the rotated refresh token still works and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'attacker-copies-refresh-token');
  await expect(ui.entry(/^lab switch refresh-reuse-detection/)).toContainText('off (lab setting)');
  await expect(ui.attacker).toContainText('Refresh token (copied)');

  await nextUntil(ui, 'attacker-copies-refresh-token', 'verify-refresh-token');
  const replay = ui.entry(route`^POST ${ENDPOINTS.token}`).last();
  await expect(replay).toContainText(`Attacker (${ui.attackerOrigin}) → Authorization server`);
  await expect(replay).toContainText('200');
  await expect(ui.entry(/^refresh token rotation/).last()).toContainText('reuse detection');

  await nextUntil(ui, 'verify-refresh-token', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
  await expect(ui.attacker).toContainText('HTTP 200');
});

test('defence on: the replay is refused at the reuse check, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^refresh token rotation/).last();
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).last()).toContainText('invalid_grant');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
});
