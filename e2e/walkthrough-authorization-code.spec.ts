import { expect, test, type Page } from '@playwright/test';
import { atStep, nextUntil, openEntry, openWalkthrough, signInAndAnswer, walkthroughOf } from './walkthrough-page';
import { CLIENT_PAGES, clientSecretOf, ENDPOINTS, flowPath, route, stepAnchor } from './fixtures';
import { authorizationCode } from '../src/flows/authorization-code';

/**
 * The live walk-through of the Authorization Code flow, driven as a learner would:
 * by the controls' accessible names, and by signing in inside the browser frame.
 */

const FLOW = authorizationCode;

/** The step of the flow's diagram that the walk-through highlights. */
const currentDiagramStep = (page: Page) =>
  page.getByRole('figure', { name: /Authorization Code/ }).locator('li[aria-current="step"]');

test('approve path: every step runs for real, the state check passes, tokens arrive and the API answers', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await expect(ui.entries).toHaveCount(0);

  await nextUntil(ui, 0, 'authorization-request');
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?.*response_type=code`);
  await expect(ui.entry(/^authorization URL built/)).toContainText('passed');
  await expect(ui.entry(route`^GET ${ENDPOINTS.authorize}\?`)).toHaveCount(1);

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await expect(ui.frame.getByRole('button', { name: 'Approve' })).toBeVisible();
  await signInAndAnswer(ui, 'Approve');
  // The frame landing back on the app completes the user's step.
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*code=.+`);
  await expect(ui.address).toHaveValue(/[?&]state=.+/);
  await expect(ui.frame.getByRole('heading', { name: 'The app received the authorization response' })).toBeVisible();

  await nextUntil(ui, 'user-decides', 'check-state');
  const stateCheck = ui.entry(/^state matches/);
  await expect(stateCheck).toHaveCount(1);
  await expect(stateCheck).toContainText('✓');
  await expect(stateCheck).toContainText('passed');
  await expect(ui.entry(/^iss matches/)).toContainText('passed');

  await nextUntil(ui, 'check-state', 'token-request');
  const tokenExchange = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenExchange).toHaveCount(1);
  await expect(tokenExchange).toContainText('Client app (back channel) → Authorization server');
  await expect(tokenExchange).toContainText('200');
  await expect(tokenExchange).toContainText('"access_token"');
  await expect(tokenExchange).toContainText('Basic ••••••••');

  await nextUntil(ui, 'token-request', 'token-response');
  await openEntry(tokenExchange);
  await expect(tokenExchange.getByText('Decoded JWT: access_token')).toBeVisible();
  await expect(tokenExchange.getByLabel('JWT payload')).toContainText('"sub"');
  // Secrets are masked until the learner reveals them, entry by entry.
  const reveal = tokenExchange.getByRole('button', { name: 'Reveal' });
  await expect(reveal).toHaveAttribute('aria-pressed', 'false');
  await expect(tokenExchange.getByLabel('Response body')).toContainText('"access_token": "••••••••"');
  await reveal.click();
  await expect(tokenExchange.getByRole('button', { name: 'Reveal' })).toHaveAttribute('aria-pressed', 'true');
  await expect(tokenExchange.getByLabel('Response body')).toContainText(/"access_token": "ey[\w-]+\.[\w-]+\.[\w-]+"/);
  await expect(tokenExchange).toContainText(`Basic ${Buffer.from(`web-app:${clientSecretOf('web-app')}`).toString('base64')}`);
  await expect(tokenExchange.getByRole('button', { name: 'Copy as curl' })).toBeVisible();

  await nextUntil(ui, 'token-response', 'api-response');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(apiCall).toHaveCount(1);
  await expect(apiCall).toContainText('200');
  await expect(apiCall).toContainText('Alice Liddell');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('deny path: the user denies inside the frame and the app gets access_denied instead of a code', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'login-and-consent');
  await signInAndAnswer(ui, 'Deny');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*error=access_denied`);
  await nextUntil(ui, 'user-decides', 'callback');
  await expect(ui.inspector).toContainText('access_denied');
  await expect(ui.entry(route`^GET ${CLIENT_PAGES.callback}\?error=access_denied`)).toHaveCount(1);
  await expect(ui.walkthrough).toContainText('The user denied the request');
  await expect(ui.next).toBeDisabled();
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);
});

test('Previous step restores the earlier Inspector, frame address and highlighted diagram step', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  const current = currentDiagramStep(page);
  await nextUntil(ui, 0, 'authorization-request');
  const count = await ui.entries.count();
  const address = await ui.address.inputValue();
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('data-step-index', String(ui.number('authorization-request') - 1));
  const highlighted = (await current.textContent()) ?? '';
  expect(highlighted).toContain(`GET ${ENDPOINTS.authorize}`);

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  // The walk-through's own Approve button answers the consent form for the user.
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'callback');
  await expect(ui.entries).not.toHaveCount(count);
  await expect(ui.address).not.toHaveValue(address);
  await expect(current).toHaveAttribute('data-step-index', String(ui.number('callback') - 1));

  for (let step = ui.number('redirect-with-code'); step >= ui.number('authorization-request'); step--) {
    await ui.previous.click();
    await atStep(ui, step);
  }
  await expect(ui.entries).toHaveCount(count);
  await expect(ui.address).toHaveValue(address);
  await expect(current).toHaveText(highlighted);
  await expect(current).toHaveAttribute('data-step-index', String(ui.number('authorization-request') - 1));
  await expect(ui.frame.getByRole('button', { name: 'Approve' })).toBeVisible();
});

test('keyboard: ArrowRight runs the next step and ArrowLeft goes back', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  await page.keyboard.press('ArrowRight');
  await atStep(ui, 'redirect-to-authorize');
  await expect(ui.entry(/^authorization URL built/)).toHaveCount(1);
  await page.keyboard.press('ArrowRight');
  await atStep(ui, 'authorization-request');
  await page.keyboard.press('ArrowLeft');
  await atStep(ui, 'redirect-to-authorize');
});

test('Reset starts over with an empty Inspector', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'authorization-request');
  await expect(ui.entries).not.toHaveCount(0);
  await ui.reset.click();
  await expect(ui.entries).toHaveCount(0);
  await expect(ui.inspector).toContainText('Nothing yet');
  await expect(ui.address).toHaveValue('about:blank');
  await expect(ui.walkthrough).toContainText(`Step 0 of ${ui.steps}`);
  await expect(ui.previous).toBeDisabled();
  await ui.next.click();
  await atStep(ui, 'redirect-to-authorize');
  await expect(ui.entries).toHaveCount(1);
});

test('a link to a step offers "Run to this step", which plays there, approving for the user', async ({ page }) => {
  await page.goto(`${flowPath(FLOW)}#${stepAnchor({ id: 'check-state' })}`);
  const ui = walkthroughOf(page, FLOW);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  const runTo = page.getByRole('button', { name: 'Run to this step' });
  await expect(runTo).toBeEnabled();
  await runTo.click();
  await expect(ui.status).toContainText(`Step ${ui.number('check-state')} of ${ui.steps}`, { timeout: 20_000 });
  await expect(ui.entry(/^state matches/)).toContainText('passed');
  await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  await expect(runTo).toBeHidden();
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);
});

test('the controls are ready on a laptop screen without scrolling, and the prose of the step just run is marked', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(flowPath(FLOW));
  const ui = walkthroughOf(page, FLOW);
  const blankNote = ui.browser.getByText('No page yet');
  await expect(ui.next).toBeEnabled();
  await expect(blankNote).toBeVisible();
  await ui.next.click();
  await atStep(ui, 'redirect-to-authorize');
  await expect(page.locator(`#${stepAnchor({ id: 'redirect-to-authorize' })}`)).toHaveClass(/is-current/);
  await ui.next.click();
  await atStep(ui, 'authorization-request');
  await expect(page.locator(`#${stepAnchor({ id: 'authorization-request' })}`)).toHaveClass(/is-current/);
  await expect(page.locator(`#${stepAnchor({ id: 'redirect-to-authorize' })}`)).not.toHaveClass(/is-current/);
  // The server's page is in the frame now, not the note.
  await expect(ui.frame.getByRole('button', { name: 'Approve' })).toBeVisible();
  await expect(blankNote).toBeHidden();
});
