import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openEntry, openWalkthrough, signInAndAnswer } from './walkthrough-page';

/**
 * The live walk-through of Authorization Code with PKCE, as the single-page app `spa` (no secret):
 * the verifier and challenge are computed in the browser, the server checks the verifier's hash.
 */

const FLOW_PAGE = '/flows/pkce/';
const STEPS = 13;

// Every step makes real requests and waits for the server; a full run takes a while on a busy machine.
test.beforeEach(() => test.slow());

test('the SPA derives its challenge with Web Crypto, redeems the code with the verifier and no secret, and calls the API', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW_PAGE, STEPS);

  await nextUntil(ui, 0, 1);
  const derived = ui.entry(/^code_challenge derived/);
  await expect(derived).toContainText('passed');
  await expect(derived).toContainText('SHA-256(code_verifier)');
  await expect(derived).toContainText(/[0-9a-f]{64}/);

  await nextUntil(ui, 1, 3);
  await expect(ui.address).toHaveValue(/\/oauth\/authorize\?.*client_id=spa/);
  await expect(ui.address).toHaveValue(/[?&]code_challenge=[A-Za-z0-9_-]{43}(&|$)/);
  await expect(ui.address).toHaveValue(/[?&]code_challenge_method=S256/);
  await expect(ui.entry(/^PKCE challenge present/)).toContainText('passed');

  await nextUntil(ui, 3, 4);
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 5);
  await expect(ui.address).toHaveValue(/\/lab\/callback\?.*code=.+/);

  await nextUntil(ui, 5, 8);
  await expect(ui.entry(/^state matches/)).toContainText('passed');

  await nextUntil(ui, 8, 9);
  const tokenRequest = ui.entry(/^POST \/oauth\/token/);
  await expect(tokenRequest).toHaveCount(1);
  await expect(tokenRequest).toContainText('code_verifier=');
  await expect(tokenRequest).toContainText('client_id=spa');
  await expect(tokenRequest).not.toContainText('client_secret');
  await expect(tokenRequest).not.toContainText(/Authorization:?\s*Basic/i);
  await expect(tokenRequest).toContainText('200');

  await nextUntil(ui, 9, 10);
  const pkceCheck = ui.entry(/^PKCE S256 verifier/);
  await expect(pkceCheck).toHaveCount(1);
  await expect(pkceCheck).toContainText('passed');
  await openEntry(pkceCheck);
  const computed = pkceCheck.getByRole('definition').filter({ hasText: /^[A-Za-z0-9_-]{43}$/ });
  await expect(computed).toHaveCount(2);
  const [hash, challenge] = await computed.allTextContents();
  expect(hash).toBe(challenge);

  await nextUntil(ui, 10, 13);
  const apiCall = ui.entry(/^GET \/api\/photos/);
  await expect(apiCall).toContainText('200');
  await expect(apiCall).toContainText('Tea party');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a wrong code_verifier is refused with invalid_grant, and the PKCE check shows why', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW_PAGE, STEPS);
  await nextUntil(ui, 0, 4);
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await atStep(ui, 5);
  await nextUntil(ui, 5, 8);

  await ui.action('Send a wrong code_verifier').click();
  await atStep(ui, 9);
  const tokenRequest = ui.entry(/^POST \/oauth\/token/);
  await expect(tokenRequest).toContainText('400');
  await expect(tokenRequest).toContainText('invalid_grant');

  await nextUntil(ui, 9, 10);
  const pkceCheck = ui.entry(/^PKCE S256 verifier/);
  await expect(pkceCheck).toContainText('failed');
  await expect(ui.walkthrough).toContainText('refused with invalid_grant');
  await expect(ui.next).toBeDisabled();
});
