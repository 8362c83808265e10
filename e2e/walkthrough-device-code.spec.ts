import { expect, test, type Page } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer, type WalkthroughUi } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { deviceCode, LET_CODE_EXPIRE } from '../src/flows/device-code';
import type { StepId } from '../src/flows/types';

/**
 * The live walk-through of the Device Authorization Grant (RFC 8628), driven as a learner would:
 * the TV's panel and the phone's browser side by side, the TV's polls in the Inspector, and the
 * user signing in and answering inside the phone's browser frame.
 */

const FLOW = deviceCode;
/** The steps this journey stops at, by their ids in the flow definition. */
const STEP = {
  showUserCode: 'show-user-code',
  authorizationPending: 'authorization-pending',
  slowDown: 'slow-down',
  verificationPage: 'verification-page',
  userApproves: 'user-approves',
  tokenResponse: 'token-response',
  apiRequest: 'api-request',
} as const satisfies Record<string, StepId<typeof deviceCode>>;

/** The walk-through with the TV's panel; the browser frame is the phone's. */
async function openFlow(page: Page) {
  const ui = await openWalkthrough(page, FLOW);
  return { ...ui, device: page.getByRole('region', { name: 'Device (TV)' }), phone: ui.frame };
}

/** Token endpoint polls in the Inspector whose answer contains `text`. */
const polls = (ui: WalkthroughUi, text: string) => ui.entry(route`^POST ${ENDPOINTS.token}`).filter({ hasText: text });

test('approve path: the TV shows its code, polls (pending, slow_down), the user approves on the phone, tokens arrive', async ({ page }) => {
  // Thirteen real steps against the server: a long journey for one test.
  test.slow();
  const ui = await openFlow(page);
  await expect(ui.device).toBeVisible();
  await expect(ui.browser).toBeVisible();
  await expect(ui.browser).toContainText('Phone browser');

  await nextUntil(ui, 0, STEP.showUserCode);
  await expect(ui.entry(route`^POST ${ENDPOINTS.deviceAuthorization}`)).toContainText('"user_code"');
  await expect(ui.device).toContainText(/[A-Z]{4}-[A-Z]{4}/);
  await expect(ui.device).toContainText(ENDPOINTS.deviceVerification);
  const qr = ui.device.getByRole('img', { name: route`^QR code that opens http.*${ENDPOINTS.deviceVerification}\?user_code=` });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('src', /^data:image\/svg\+xml/);
  const userCode = ((await ui.device.textContent()) ?? '').match(/[A-Z]{4}-[A-Z]{4}/)![0];

  await nextUntil(ui, STEP.showUserCode, STEP.authorizationPending);
  await expect(polls(ui, 'authorization_pending')).toHaveCount(1);
  await expect(polls(ui, 'access_token')).toHaveCount(0);

  await nextUntil(ui, STEP.authorizationPending, STEP.slowDown);
  await expect(polls(ui, 'slow_down')).toHaveCount(1);
  await expect(ui.entry(/^polling interval increased/)).toContainText('10');
  await expect(ui.device).toContainText('every 10 s');

  await nextUntil(ui, STEP.slowDown, STEP.verificationPage);
  await expect(ui.phone.getByRole('heading', { name: 'Connect a device' })).toBeVisible();
  await expect(ui.phone.getByLabel('Code shown on your device')).toHaveValue(userCode);
  await expect(ui.phone.getByText('Photo Frame TV')).toBeVisible();

  // The user signs in and approves inside the phone's browser; that completes the step.
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, STEP.userApproves);
  await expect(ui.phone.getByRole('heading', { name: 'Device connected' })).toBeVisible();

  await nextUntil(ui, STEP.userApproves, STEP.tokenResponse);
  await expect(ui.entry(route`^POST ${ENDPOINTS.labClock}`)).toHaveCount(1);
  await expect(ui.entry(/^waited the polling interval/)).toContainText('lab clock');
  // The wait is shown honestly: the learner's clock on the server moved ahead instead of the TV sleeping.
  await expect(ui.walkthrough).toContainText('10 seconds ahead of real time');
  const tokens = polls(ui, '"access_token"');
  await expect(tokens).toHaveCount(1);
  await expect(tokens).toContainText('200');
  await expect(ui.device).toContainText('Signed in');

  await nextUntil(ui, STEP.tokenResponse, STEP.apiRequest);
  const api = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`);
  await expect(api).toHaveCount(1);
  await expect(api).toContainText('200');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.device).toContainText(/Showing \d+ photos/);
  await expect(ui.next).toBeDisabled();
});

test('deny path: the user denies on the phone and the next poll answers access_denied', async ({ page }) => {
  const ui = await openFlow(page);
  await nextUntil(ui, 0, STEP.verificationPage);
  await ui.phone.getByRole('button', { name: 'Deny' }).click();
  await atStep(ui, STEP.userApproves);
  await expect(ui.phone.getByRole('heading', { name: 'Device denied' })).toBeVisible();

  await nextUntil(ui, STEP.userApproves, STEP.tokenResponse);
  await expect(polls(ui, 'access_denied')).toHaveCount(1);
  await expect(polls(ui, '"access_token"')).toHaveCount(0);
  await expect(ui.device).toContainText('Sign-in cancelled');
  await expect(ui.walkthrough).toContainText('access_denied: the user denied the TV');
  await expect(ui.next).toBeDisabled();
});

test('expiry path: nobody answers on the phone, the lab clock passes expires_in and the next poll answers expired_token', async ({ page }) => {
  const ui = await openFlow(page);
  await nextUntil(ui, 0, STEP.verificationPage);
  await page.getByRole('button', { name: LET_CODE_EXPIRE.label }).click();
  await atStep(ui, STEP.userApproves);
  await expect(ui.entry(/^codes expired/)).toHaveCount(1);

  await nextUntil(ui, STEP.userApproves, STEP.tokenResponse);
  await expect(polls(ui, 'expired_token')).toHaveCount(1);
  await expect(ui.entry(/^device code is unexpired/)).toContainText('failed');
  await expect(ui.device).toContainText('The code expired');
  await expect(ui.next).toBeDisabled();
});
