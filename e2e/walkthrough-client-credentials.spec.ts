import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { clientCredentials, WRONG_CLIENT_SECRET } from '../src/flows/client-credentials';

/**
 * The live walk-through of the Client Credentials grant: a service authenticates with HTTP Basic,
 * gets a token for itself and calls the API; no user and no browser take part.
 */

const FLOW = clientCredentials;

// Each journey makes a few dozen real requests and redraws the Inspector after each step: allow for a busy machine.
test.slow();

test('the service gets a token with Basic authentication, reads its photos, and is refused the profile for lack of scope', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await expect(ui.browser).toContainText('No browser in this flow');
  await expect(page.getByTitle('Browser frame')).toBeHidden();

  await nextUntil(ui, 0, 'token-request');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toHaveCount(1);
  await expect(tokenRequest).toContainText('grant_type=client_credentials');
  await expect(tokenRequest).toContainText('scope=photos.read');
  await expect(tokenRequest).toContainText('Basic ••••••••');
  await expect(tokenRequest).toContainText('200');
  await expect(tokenRequest).toContainText('"access_token"');

  await nextUntil(ui, 'token-request', 'token-response');
  await expect(ui.entry(/^client authentication/)).toContainText('passed');
  const usable = ui.entry(/^token response usable/);
  await expect(usable).toContainText('passed');
  await expect(usable).toContainText('photos.read');

  await nextUntil(ui, 'token-response', 'api-response');
  const photos = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`);
  await expect(photos).toHaveCount(1);
  await expect(photos).toContainText('200');
  await expect(photos).toContainText('"photos"');
  await expect(ui.walkthrough).toContainText('The API returned');

  await nextUntil(ui, 'api-response', 'insufficient-scope');
  const me = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(me).toContainText('403');
  await expect(me).toContainText('insufficient_scope');
  await expect(ui.entry(/^API says insufficient_scope/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a wrong client secret gets 401 invalid_client with a WWW-Authenticate challenge, and no token', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await page.getByRole('button', { name: WRONG_CLIENT_SECRET.label }).click();
  await atStep(ui, 'token-request');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toContainText('401');
  await expect(tokenRequest).toContainText('invalid_client');
  await expect(tokenRequest).toContainText(/www-authenticate/i);
  await expect(ui.entry(/^client authenticated/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('WWW-Authenticate: Basic');
  await expect(ui.next).toBeDisabled();
});
