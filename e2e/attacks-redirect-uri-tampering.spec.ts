import { expect, test } from '@playwright/test';
import { redirectUriTampering } from '../src/flows/attacks/redirect-uri-tampering';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { nextUntil } from './walkthrough-page';

/**
 * redirect_uri tampering: with exact matching off (a lab switch in this learner's namespace) the code
 * lands on the attacker's page and the attacker redeems it; with it on, the server refuses to redirect.
 */
const ATTACK = redirectUriTampering;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the code reaches the attacker’s page and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'attacker-builds-link');
  await expect(ui.entry(/^lab switch exact-redirect-uri/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'attacker-builds-link', 'code-to-attacker');
  await expect(ui.address).toHaveValue(new RegExp(`^${ui.attackerOrigin.replace(/[.]/g, '\\.')}/attacker/catch\\?.*code=`));
  await expect(ui.frame.getByRole('heading', { name: /what arrived/ })).toBeVisible();
  await expect(ui.attacker).toContainText('Authorization code');

  await nextUntil(ui, 'code-to-attacker', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
});

test('defence on: the server refuses the attacker’s redirect_uri, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^redirect_uri matches/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
  await expect(ui.attacker).not.toContainText('Authorization code');
});
