import { expect, test } from '@playwright/test';
import { clickjacking } from '../src/flows/attacks/clickjacking';
import { attackDefence, expectAttackerApiCallSucceeded, openAttack, stoppedStep } from './attack-page';
import { ENDPOINTS, route } from './fixtures';
import { atStep, nextUntil } from './walkthrough-page';

/**
 * Clickjacking: the attacker's page (on the other loopback name) frames the consent page invisibly over
 * its prize button. With frame-ancestors off (a lab switch in this learner's namespace) a real click on
 * the prize button approves the attacker's app; with it on, the browser refuses to render the framed page.
 */
const ATTACK = clickjacking;
// Every step of a lesson is real traffic: a whole run takes longer than one page load.
test.describe.configure({ timeout: 90_000 });

test('defence off: a click on the decoy approves the attacker’s app, and the attacker’s API call succeeds', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await nextUntil(ui, 0, 'framed-consent');
  await expect(ui.entry(/^lab switch consent-frame-ancestors/)).toContainText('off (lab setting)');
  await expect(ui.entry(/^consent page framing \(frame-ancestors\)/)).toContainText('cross-site');

  // The victim's click: a real mouse click where the prize button is, which the hidden consent page takes.
  const decoy = ui.frame.getByRole('button', { name: 'Claim your prize' });
  // Scrolled to like a reader would (the walk-through column is sticky, so Playwright's own scroll-into-view can chase it).
  await decoy.evaluate((button) => button.scrollIntoView({ block: 'center' }));
  // Click once the prize button stays put and the hidden consent page's Approve lies under its centre (the
  // page may still be scrolling the step into view, and the hidden frame still loading or scrolling to its buttons).
  const hiddenApprove = ui.frame.frameLocator('#hidden-consent').getByRole('button', { name: 'Approve' });
  const centre = async () => {
    const box = await decoy.boundingBox();
    return box && { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  let seen = '';
  await expect
    .poll(
      async () => {
        const [point, approve] = [await centre(), await hiddenApprove.boundingBox()];
        const now = JSON.stringify([point, approve]);
        const still = seen === now;
        seen = now;
        return still && !!point && !!approve && point.x >= approve.x && point.x <= approve.x + approve.width && point.y >= approve.y && point.y <= approve.y + approve.height;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  const point = (await centre())!;
  await page.mouse.click(point.x, point.y);
  await atStep(ui, 'victim-clicks');
  await expect(ui.entry(route`^POST ${ENDPOINTS.authorize}`)).toContainText('302');
  await expect(ui.address).toHaveValue(new RegExp(`^${ui.attackerOrigin.replace(/[.]/g, '\\.')}/attacker/catch\\?.*code=`));

  await nextUntil(ui, 'victim-clicks', 'attacker-api-response');
  await expectAttackerApiCallSucceeded(ui);
  await expect(ui.attacker).toContainText('Access token');
  await expect(ui.attacker).toContainText('HTTP 200');
});

test('defence on: the browser refuses to frame the consent page, stopped at frame-ancestors, lit red on the diagram', async ({ page }) => {
  const ui = await openAttack(page, ATTACK);
  await ui.defence.on.check();
  await nextUntil(ui, 0, attackDefence(ATTACK));
  await expect(ui.status).toContainText('Attack stopped');
  const check = ui.entry(/^consent page framing \(frame-ancestors\)/);
  await expect(check).toContainText('✗');
  await expect(check).toContainText('failed');
  await expect(ui.next).toBeDisabled();
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(ATTACK));
  await expect(ui.attacker).not.toContainText('Authorization code');
});
