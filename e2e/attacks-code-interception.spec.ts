import { expect, test } from '@playwright/test';
import { codeInterception } from '../src/flows/attacks/code-interception';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * Code interception: with the PKCE verifier check off (a lab switch in this learner's namespace) the
 * attacker's app redeems the intercepted code; with it on, the token endpoint refuses it.
 */
const ATTACK = codeInterception;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the intercepted code is redeemed without a verifier and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'create-verifier');
  await expect(ui.entry(/^lab switch pkce-required/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'create-verifier', 'attacker-app-gets-code');
  await expect(ui.attacker).toContainText('Authorization code');

  await nextUntil(ui, 'attacker-app-gets-code', 'verify-pkce');
  await expect(ui.entry(/^PKCE S256 verifier/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'verify-pkce', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
});

test('defence on: the code without its verifier is refused at the PKCE check, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^PKCE S256 verifier/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).last()).toContainText('invalid_grant');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
});
