import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { nativeApp, WITHOUT_PKCE } from '../src/flows/native-app';

/**
 * The live walk-through of a native app (RFC 8252): the frame plays the system browser and the
 * server's redirect really lands on the loopback address, on this site's own port.
 */

const FLOW = nativeApp;

// Every step makes real requests and waits for the server; a full run takes a while on a busy machine.
test.beforeEach(() => test.slow());

test('the loopback redirect lands on 127.0.0.1 at the app’s port and the code is redeemed with PKCE, without a secret', async ({ page, baseURL }) => {
  const port = new URL(baseURL!).port;
  const loopback = `http://127.0.0.1:${port}${CLIENT_PAGES.nativeCallback}`;
  const ui = await openWalkthrough(page, FLOW);
  // The frame plays the system browser, not an embedded web view (RFC 8252 §8.12).
  await expect(ui.browser).toContainText('System browser');

  await nextUntil(ui, 0, 'open-loopback-listener');
  await expect(ui.entry(/^code_challenge derived/)).toContainText('passed');
  await expect(ui.entry(/^loopback listener open/)).toContainText(loopback);

  await nextUntil(ui, 'open-loopback-listener', 'authorization-request');
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?.*client_id=native-app`);
  await expect(ui.address).toHaveValue(new RegExp(`redirect_uri=${encodeURIComponent(loopback).replace(/[.]/g, '\\.')}`));
  const loopbackCheck = ui.entry(/^redirect_uri matches \(loopback, any port\)/);
  await expect(loopbackCheck).toContainText('passed');
  await expect(loopbackCheck).toContainText('RFC 8252 §7.3');

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  // The redirect lands on another origin (127.0.0.1); the page reports its address to the walk-through.
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(new RegExp(`^${loopback.replace(/[.]/g, '\\.')}\\?code=.+`));
  await expect(ui.frame.getByRole('heading', { name: 'The app received the authorization response' })).toBeVisible();

  // Previous brings back the consent page the user answered; Next answers it again for the user.
  await ui.previous.click();
  await atStep(ui, 'login-and-consent');
  await expect(ui.frame.getByRole('button', { name: 'Approve' })).toBeVisible();
  await nextUntil(ui, 'login-and-consent', 'user-decides');
  await expect(ui.address).toHaveValue(new RegExp(`^${loopback.replace(/[.]/g, '\\.')}\\?code=.+`));

  await nextUntil(ui, 'user-decides', 'check-state');
  await expect(ui.entry(/^state matches/)).toContainText('passed');

  await nextUntil(ui, 'check-state', 'token-request');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toContainText('client_id=native-app');
  await expect(tokenRequest).toContainText('code_verifier=');
  await expect(tokenRequest).not.toContainText(/Basic ••••••••|client_secret/);
  await expect(tokenRequest).toContainText('200');
  await expect(tokenRequest).toContainText('"refresh_token"');

  await nextUntil(ui, 'token-request', 'token-response');
  await expect(ui.entry(/^PKCE S256 verifier/)).toContainText('passed');
  await expect(ui.entry(/^token response usable/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a request without PKCE is refused: the server redirects to the loopback with error=invalid_request', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'open-loopback-listener');
  await ui.action(WITHOUT_PKCE.label).click();
  await atStep(ui, 'open-system-browser');
  await expect(ui.entry(/^authorization URL built/)).not.toContainText('code_challenge=');

  await nextUntil(ui, 'open-system-browser', 'authorization-request');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.nativeCallback}\?error=invalid_request`);
  await expect(ui.entry(/^PKCE challenge present/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('error=invalid_request');
  await expect(ui.next).toBeDisabled();
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);
});

test('the walk-through can answer the system browser’s consent page itself, and Previous brings that page back', async ({ page, baseURL }) => {
  const loopback = route`^http://127\.0\.0\.1:${new URL(baseURL!).port}${CLIENT_PAGES.nativeCallback}\?code=.+`;
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'login-and-consent');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(loopback);
  const firstLanding = await ui.address.inputValue();

  for (let step = ui.number('login-and-consent'); step >= ui.number('authorization-request'); step--) {
    await ui.previous.click();
    await atStep(ui, step);
  }
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?`);
  await expect(ui.frame.getByRole('button', { name: 'Approve' })).toBeVisible();
  // Next at the consent page approves for the user; the landing on 127.0.0.1 is followed again.
  await nextUntil(ui, 'authorization-request', 'user-decides');
  await expect(ui.address).toHaveValue(loopback);
  await expect(ui.address).not.toHaveValue(firstLanding);
});
