import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, type WalkthroughUi } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { ADVANCE_CLOCK, refreshToken } from '../src/flows/refresh-token';

/**
 * The live walk-through of refresh tokens: real tokens from a real Authorization Code grant,
 * the learner advances the lab clock so the access token expires, the app refreshes (rotation),
 * and replaying the old refresh token revokes the whole grant.
 */

const FLOW = refreshToken;

// Each journey makes a few dozen real requests and redraws the Inspector after each step: allow for a busy machine.
test.slow();

/** The walk-through with the lab clock's button and its display. */
function refreshWalkthrough(ui: WalkthroughUi) {
  return {
    ...ui,
    advanceClock: ui.page.getByRole('button', { name: ADVANCE_CLOCK.label }),
    clock: ui.walkthrough.getByText(/^Lab clock:/),
  };
}

async function openFlow(page: Page) {
  return refreshWalkthrough(await openWalkthrough(page, FLOW));
}

/** Runs the setup and the first API call, then advances the clock with the walk-through's button. */
async function untilClockAdvanced(page: Page) {
  const ui = await openFlow(page);
  await nextUntil(ui, 0, 'holds-tokens');
  // Setup: a real authorization code grant, every request visible.
  await expect(ui.entry(route`^GET ${ENDPOINTS.authorize}\?`)).toHaveCount(1);
  await expect(ui.entry(route`^POST ${ENDPOINTS.authorize}`)).toContainText('302');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toContainText('grant_type=authorization_code');
  await expect(ui.entry(/^holds tokens/)).toContainText('passed');

  await nextUntil(ui, 'holds-tokens', 'api-response');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`)).toContainText('200');

  await expect(ui.clock).toBeHidden();
  await ui.advanceClock.click();
  await atStep(ui, 'advance-clock');
  await expect(ui.clock).toContainText('1 hour ahead of real time');
  await expect(ui.entry(route`^POST ${ENDPOINTS.labClock}`)).toContainText('advance_seconds');
  await expect(ui.entry(/^access token past exp/)).toContainText('passed');
  return ui;
}

test('after the clock moves an hour the API answers 401 invalid_token; a refresh rotates both tokens and the API works again', async ({ page }) => {
  const ui = await untilClockAdvanced(page);

  await nextUntil(ui, 'advance-clock', 'invalid-token');
  const expired = ui.entry(route`^GET ${ENDPOINTS.apiMe}`).nth(1);
  await expect(expired).toContainText('401');
  await expect(expired).toContainText('error="invalid_token"');
  const challenge = ui.entry(/^API says invalid_token/);
  await expect(challenge).toContainText('passed');
  await expect(challenge).toContainText('Bearer');

  await nextUntil(ui, 'invalid-token', 'refresh-response');
  const refresh = ui.entry(route`^POST ${ENDPOINTS.token}`).nth(1);
  await expect(refresh).toContainText('grant_type=refresh_token');
  await expect(refresh).toContainText('200');
  await expect(refresh).toContainText('"refresh_token"');
  await expect(ui.entry(/^refresh token rotation/)).toContainText('passed');
  await expect(ui.entry(/^new access token/)).toContainText('passed');
  await expect(ui.entry(/^refresh token rotated/)).toContainText('passed');

  await nextUntil(ui, 'refresh-response', 'api-response-refreshed');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`).nth(2)).toContainText('200');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`).nth(2)).toContainText('Alice Liddell');
});

test('replaying the rotated refresh token is rejected with invalid_grant and revokes the whole grant', async ({ page }) => {
  const ui = await untilClockAdvanced(page);
  await nextUntil(ui, 'advance-clock', 'reuse-old-refresh-token');
  const replay = ui.entry(route`^POST ${ENDPOINTS.token}`).nth(2);
  await expect(replay).toContainText('400');
  await expect(replay).toContainText('invalid_grant');
  await expect(ui.entry(/^refresh token rotation/).nth(1)).toContainText('failed');

  await nextUntil(ui, 'reuse-old-refresh-token', 'reuse-detected');
  await expect(ui.entry(/^reuse rejected/)).toContainText('passed');
  const newest = ui.entry(route`^POST ${ENDPOINTS.token}`).nth(3);
  await expect(newest).toContainText('400');
  await expect(newest).toContainText('invalid_grant');
  await expect(ui.entry(/^whole grant revoked/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('Previous step puts the lab clock back, so the first API call works again', async ({ page }) => {
  const ui = await untilClockAdvanced(page);
  for (let step = ui.number('api-response'); step >= ui.number('holds-tokens'); step--) {
    await ui.previous.click();
    await atStep(ui, step);
  }
  await expect(ui.clock).toBeHidden();
  await nextUntil(ui, 'holds-tokens', 'api-response');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`)).toContainText('200');
  await expect(ui.walkthrough).not.toContainText('This step failed');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the clock button, the lab clock and the idle browser are accessible (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const ui = await openFlow(page);
    await nextUntil(ui, 0, 'api-response');
    await expect(ui.advanceClock).toBeEnabled();
    const before = await new AxeBuilder({ page }).include('[data-walkthrough-for]').analyze();
    await ui.advanceClock.click();
    await atStep(ui, 'advance-clock');
    await expect(ui.clock).toBeVisible();
    const after = await new AxeBuilder({ page }).include('[data-walkthrough-for]').analyze();
    const summary = [...before.violations, ...after.violations].map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary).toEqual([]);
  });
}
