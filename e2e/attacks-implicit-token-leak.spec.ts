import { expect, test } from '@playwright/test';
import { implicitTokenLeak } from '../src/flows/attacks/implicit-token-leak';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { nextUntil } from './walkthrough-page';

/**
 * The implicit token leak: the attacker's script on the app's callback page reads the URL. With the
 * implicit grant it gets the access token and the attacker's API call succeeds; with code and PKCE it
 * gets a code, which the token endpoint refuses without the verifier.
 */
const ATTACK = implicitTokenLeak;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: the script reads the token from the fragment and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await expect(ui.defence.off).toBeChecked();

  await nextUntil(ui, 0, 'script-sends-url');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.widgetCallback}#access_token=`);
  // The Referer of the script's request never carries the fragment; the script itself reads it.
  await expect(ui.entry(/^code or token in the Referer/)).toContainText('✗');
  const read = ui.entry(/^page address read by the third-party script/);
  await expect(read).toContainText(`Recorded by the attacker (${ui.attackerOrigin})`);
  await expect(read).toContainText('✓');
  await expect(ui.attacker).toContainText('Access token');

  await nextUntil(ui, 'script-sends-url', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);
});

test('defence on: the script gets only the code, refused without its verifier at the PKCE check, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  // The code travelled in the query, so it reached the attacker in the Referer too.
  await expect(ui.entry(/^code or token in the Referer/)).toContainText('✓');
  await expect(ui.attacker).toContainText('Authorization code');
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^PKCE S256 verifier/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  const redeem = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(redeem).toContainText(`Attacker (${ui.attackerOrigin}) → Authorization server`);
  await expect(redeem).toContainText('invalid_grant');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
});
