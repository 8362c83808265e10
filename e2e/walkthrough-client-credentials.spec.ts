import { expect, test, type Page } from '@playwright/test';

/**
 * The live walk-through of the Client Credentials grant: a service authenticates with HTTP Basic,
 * gets a token for itself and calls the API; no user and no browser take part.
 */

const FLOW_PAGE = '/flows/client-credentials/';
const STEPS = 9;

// Each journey makes a few dozen real requests and redraws the Inspector after each step: allow for a busy machine.
test.slow();

function parts(page: Page) {
  const walkthrough = page.getByRole('region', { name: 'Live walk-through' });
  const inspector = page.getByRole('region', { name: 'Inspector' });
  return {
    walkthrough,
    inspector,
    browser: page.getByRole('region', { name: 'Browser' }),
    entry: (start: RegExp) => inspector.getByRole('listitem').filter({ hasText: start }),
    status: walkthrough.getByRole('status'),
    next: page.getByRole('button', { name: 'Next step' }),
  };
}

async function openFlow(page: Page) {
  await page.goto(FLOW_PAGE);
  const ui = parts(page);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  return ui;
}

async function nextUntil(ui: ReturnType<typeof parts>, from: number, n: number) {
  for (let step = from + 1; step <= n; step++) {
    await ui.next.click();
    await expect(ui.status).toContainText(`Step ${step} of ${STEPS}`);
  }
}

test('the service gets a token with Basic authentication, reads /api/photos, and is refused /api/me for lack of scope', async ({ page }) => {
  const ui = await openFlow(page);
  await expect(ui.browser).toContainText('No browser in this flow');
  await expect(page.getByTitle('Browser frame')).toBeHidden();

  await nextUntil(ui, 0, 1);
  const tokenRequest = ui.entry(/^POST \/oauth\/token/);
  await expect(tokenRequest).toHaveCount(1);
  await expect(tokenRequest).toContainText('grant_type=client_credentials');
  await expect(tokenRequest).toContainText('scope=photos.read');
  await expect(tokenRequest).toContainText('Basic ••••••••');
  await expect(tokenRequest).toContainText('200');
  await expect(tokenRequest).toContainText('"access_token"');

  await nextUntil(ui, 1, 4);
  await expect(ui.entry(/^client authentication/)).toContainText('passed');
  const usable = ui.entry(/^token response usable/);
  await expect(usable).toContainText('passed');
  await expect(usable).toContainText('photos.read');

  await nextUntil(ui, 4, 7);
  const photos = ui.entry(/^GET \/api\/photos/);
  await expect(photos).toHaveCount(1);
  await expect(photos).toContainText('200');
  await expect(photos).toContainText('"photos"');
  await expect(ui.walkthrough).toContainText('The API returned');

  await nextUntil(ui, 7, 9);
  const me = ui.entry(/^GET \/api\/me/);
  await expect(me).toContainText('403');
  await expect(me).toContainText('insufficient_scope');
  await expect(ui.entry(/^API says insufficient_scope/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a wrong client secret gets 401 invalid_client with a WWW-Authenticate challenge, and no token', async ({ page }) => {
  const ui = await openFlow(page);
  await page.getByRole('button', { name: 'Request a token with a wrong client secret' }).click();
  await expect(ui.status).toContainText(`Step 1 of ${STEPS}`);
  const tokenRequest = ui.entry(/^POST \/oauth\/token/);
  await expect(tokenRequest).toContainText('401');
  await expect(tokenRequest).toContainText('invalid_client');
  await expect(tokenRequest).toContainText(/www-authenticate/i);
  await expect(ui.entry(/^client authenticated/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('WWW-Authenticate: Basic');
  await expect(ui.next).toBeDisabled();
});
