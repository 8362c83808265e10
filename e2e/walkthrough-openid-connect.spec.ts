import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openEntry, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { CLIENT_PAGES, demoUser, ENDPOINTS, route } from './fixtures';
import { openidConnect, WRONG_NONCE } from '../src/flows/openid-connect';

/**
 * The live walk-through of OpenID Connect sign-in, as the web app `oidc-web-app`: the ID token is
 * validated in the browser, one named check per rule of OIDC Core §3.1.3.7, then UserInfo and the API.
 */

const FLOW = openidConnect;

test.beforeEach(() => test.slow());

/** The ID token checks, in the order the app runs them. */
const ID_TOKEN_CHECKS = ['signature', 'iss', 'aud', 'exp and iat', 'nonce', 'at_hash'];

test('the app sends a nonce, validates the ID token’s claims with it, reads UserInfo and sends the access token to the API', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);

  await nextUntil(ui, 0, 'authorization-request');
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?.*scope=openid`);
  await expect(ui.address).toHaveValue(/[?&]nonce=[A-Za-z0-9_-]{22}(&|$)/);
  const sentNonce = new URL(await ui.address.inputValue()).searchParams.get('nonce');

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*code=.+`);

  await nextUntil(ui, 'user-decides', 'token-response');
  const tokenExchange = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenExchange).toContainText('"id_token"');
  await expect(ui.entry(/^ID token received/)).toContainText('passed');
  await openEntry(tokenExchange);
  await expect(tokenExchange.getByText('Decoded JWT: id_token')).toBeVisible();

  await nextUntil(ui, 'token-response', 'validate-id-token');
  await expect(ui.entry(route`^GET ${ENDPOINTS.jwks}`)).toContainText('200');
  for (const rule of ID_TOKEN_CHECKS) await expect(ui.entry(new RegExp(`^ID token ${rule}`))).toContainText('passed');
  const nonceCheck = ui.entry(/^ID token nonce/);
  await openEntry(nonceCheck);
  await expect(nonceCheck.getByRole('definition').filter({ hasText: sentNonce! })).toHaveCount(2);

  await nextUntil(ui, 'validate-id-token', 'userinfo-response');
  const userinfo = ui.entry(route`^GET ${ENDPOINTS.userinfo}`);
  await expect(userinfo).toContainText('200');
  await expect(userinfo).toContainText(demoUser.email);
  await expect(ui.entry(/^UserInfo sub matches the ID token/)).toContainText('passed');

  await nextUntil(ui, 'userinfo-response', 'api-response');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(apiCall).toContainText('200');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('an ID token checked against another login’s nonce is refused, and the app signs nobody in', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'token-response');

  await ui.action(WRONG_NONCE.label).click();
  await atStep(ui, 'validate-id-token');
  await expect(ui.entry(/^ID token signature/)).toContainText('passed');
  await expect(ui.entry(/^ID token nonce/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('refuses to sign the user in');
  await expect(ui.next).toBeDisabled();
});
