import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { AS_MODERN_CLIENT, implicit } from '../src/flows/implicit';

/**
 * The live walk-through of the legacy Implicit grant: clearly marked as deprecated, it shows the
 * token arriving in the URL fragment, visible in the address bar and readable by any script.
 */

const FLOW = implicit;

// Every step makes real requests and waits for the server; a full run takes a while on a busy machine.
test.beforeEach(() => test.slow());

test('the token comes back in the URL fragment, where the address bar and page scripts see it', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  const legacy = ui.walkthrough.getByRole('note');
  await expect(legacy).toContainText('Legacy — do not use');
  await expect(legacy.getByRole('link', { name: 'Authorization Code with PKCE' })).toHaveAttribute('href', '/flows/pkce/');

  await nextUntil(ui, 0, 'login-and-consent');
  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?.*response_type=token`);
  await expect(ui.address).toHaveValue(/client_id=legacy-implicit/);
  await expect(ui.entry(/^response_type allowed/)).toContainText('passed');

  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}#access_token=[^&]+&token_type=Bearer&expires_in=\d+`);
  await expect(ui.address).toHaveValue(/[#&]state=/);
  await expect(ui.frame.getByRole('heading', { name: 'In the URL fragment (read by this page’s script)' })).toBeVisible();

  await nextUntil(ui, 'user-decides', 'issue-token-unauthenticated');
  await expect(ui.entry(/^token issued without a code exchange/)).toContainText('client_authentication');

  await nextUntil(ui, 'issue-token-unauthenticated', 'load-callback');
  await expect(ui.entry(/^access_token in the URL fragment/)).toContainText('passed');
  // The browser requested the page without the fragment.
  await expect(ui.entry(route`^GET ${CLIENT_PAGES.callback}`)).toHaveCount(1);
  await expect(ui.entry(route`^GET ${CLIENT_PAGES.callback}`).locator('summary').first()).not.toContainText('access_token');

  await nextUntil(ui, 'load-callback', 'read-fragment');
  await expect(ui.entry(/^token kept out of the browser history/)).toContainText('failed');
  const readable = ui.entry(/^token readable by page scripts/);
  await expect(readable).toContainText('failed');
  await expect(readable).toContainText('location.hash');
  await expect(ui.entry(/^state matches/)).toContainText('passed');
  // No code exchange and no client authentication anywhere.
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toHaveCount(0);

  await nextUntil(ui, 'read-fragment', 'api-response');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`)).toContainText('200');
  await expect(ui.walkthrough).toContainText('Use Authorization Code with PKCE instead');
  await expect(ui.next).toBeDisabled();
});

test('a modern client asking for response_type=token is refused', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await ui.action(AS_MODERN_CLIENT.label).click();
  await atStep(ui, 'redirect-to-authorize');
  await nextUntil(ui, 'redirect-to-authorize', 'authorization-request');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?error=unauthorized_client`);
  await expect(ui.entry(/^response_type allowed/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('error=unauthorized_client');
  await expect(ui.next).toBeDisabled();
});

test('the Legacy notice and a step’s teaching variant are accessible, in light and dark', async ({ page }) => {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const ui = await openWalkthrough(page, FLOW);
    await expect(ui.action(AS_MODERN_CLIENT.label)).toBeVisible();
    // Page-level rules (one main landmark, one h1) do not apply to a region, nor to the frame's blank page.
    const results = await new AxeBuilder({ page })
      .include('[data-walkthrough-for]')
      .disableRules(['landmark-one-main', 'page-has-heading-one'])
      .analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
});
