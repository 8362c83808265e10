import { expect, test } from '@playwright/test';
import { mixUp } from '../src/flows/attacks/mix-up';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { ATTACKER_AS, ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * Mix-up: the attacker's authorization server passes the browser on to the lab's; with the app's iss
 * check off the app sends code and verifier to the attacker's token endpoint and the attacker redeems
 * them; with it on, the app refuses the response before any token request.
 */
const ATTACK = mixUp;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the app sends the code to the attacker’s server, and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await expect(ui.defence.off).toBeChecked();

  await nextUntil(ui, 0, 'honest-authorization-request');
  await expect(ui.entry(route`^GET ${ATTACKER_AS.metadata}`)).toContainText(`→ Attacker (${ui.attackerOrigin})`);
  // The attacker's server sent the browser on to the lab's own authorization endpoint, which knew the learner.
  await expect(ui.entry(/^sent on to the honest server/)).toContainText('✓');
  await expect(ui.entry(route`^GET ${ENDPOINTS.authorize}\?`)).toContainText('200');

  await nextUntil(ui, 'honest-authorization-request', 'check-iss');
  await expect(ui.entry(/^state matches/)).toContainText('✓');
  await expect(ui.entry(/^iss matches/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'check-iss', 'token-request-to-attacker');
  await expect(ui.attacker).toContainText('PKCE code_verifier');

  await nextUntil(ui, 'token-request-to-attacker', 'api-response');
  await expectAttackerApiCallSucceeded(ui);
  await expect(ui.attacker).toContainText('Access token');
});

test('defence on: the app refuses the response at its iss check, before any token request, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^iss matches/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
  await expect(ui.entry(route`^POST .*${ENDPOINTS.token}`)).toHaveCount(0);
  await expect(ui.attacker).not.toContainText('Authorization code');
});
