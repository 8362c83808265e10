import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openEntry, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { pkce, WRONG_VERIFIER } from '../src/flows/pkce';

/**
 * The live walk-through of Authorization Code with PKCE, as the single-page app `spa` (no secret):
 * the verifier and challenge are computed in the browser, the server checks the verifier's hash.
 */

const FLOW = pkce;

// Every step makes real requests and waits for the server; a full run takes a while on a busy machine.
test.beforeEach(() => test.slow());

test('the SPA derives its challenge with Web Crypto, redeems the code with the verifier and no secret, and calls the API', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);

  await nextUntil(ui, 0, 'create-verifier');
  const derived = ui.entry(/^code_challenge derived/);
  await expect(derived).toContainText('passed');
  await expect(derived).toContainText('SHA-256(code_verifier)');
  await expect(derived).toContainText(/[0-9a-f]{64}/);

  await nextUntil(ui, 'create-verifier', 'authorization-request');
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?.*client_id=spa`);
  await expect(ui.address).toHaveValue(/[?&]code_challenge=[A-Za-z0-9_-]{43}(&|$)/);
  await expect(ui.address).toHaveValue(/[?&]code_challenge_method=S256/);
  await expect(ui.entry(/^PKCE challenge present/)).toContainText('passed');

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*code=.+`);

  await nextUntil(ui, 'user-decides', 'check-state');
  await expect(ui.entry(/^state matches/)).toContainText('passed');

  await nextUntil(ui, 'check-state', 'token-request');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toHaveCount(1);
  await expect(tokenRequest).toContainText('code_verifier=');
  await expect(tokenRequest).toContainText('client_id=spa');
  await expect(tokenRequest).not.toContainText('client_secret');
  await expect(tokenRequest).not.toContainText(/Authorization:?\s*Basic/i);
  await expect(tokenRequest).toContainText('200');

  await nextUntil(ui, 'token-request', 'verify-pkce');
  const pkceCheck = ui.entry(/^PKCE S256 verifier/);
  await expect(pkceCheck).toHaveCount(1);
  await expect(pkceCheck).toContainText('passed');
  await openEntry(pkceCheck);
  const computed = pkceCheck.getByRole('definition').filter({ hasText: /^[A-Za-z0-9_-]{43}$/ });
  await expect(computed).toHaveCount(2);
  const [hash, challenge] = await computed.allTextContents();
  expect(hash).toBe(challenge);

  await nextUntil(ui, 'verify-pkce', 'api-response');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`);
  await expect(apiCall).toContainText('200');
  await expect(apiCall).toContainText('Tea party');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a wrong code_verifier is refused with invalid_grant, and the PKCE check shows why', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'login-and-consent');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'check-state');

  await ui.action(WRONG_VERIFIER.label).click();
  await atStep(ui, 'token-request');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toContainText('400');
  await expect(tokenRequest).toContainText('invalid_grant');

  await nextUntil(ui, 'token-request', 'verify-pkce');
  const pkceCheck = ui.entry(/^PKCE S256 verifier/);
  await expect(pkceCheck).toContainText('failed');
  await expect(ui.walkthrough).toContainText('refused with invalid_grant');
  await expect(ui.next).toBeDisabled();
});
