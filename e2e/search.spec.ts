import { expect, test } from '@playwright/test';

for (const query of ['PKCE', 'device']) {
  test(`search finds "${query}" and opens a result`, async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: /Search/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Search flows and guides' });
    await dialog.getByRole('searchbox', { name: 'Search' }).fill(query);
    const results = dialog.getByRole('list').getByRole('link');
    // The index loads on first use; the status line says when results are in.
    await expect(dialog.getByRole('status')).toHaveText(/\d+ results? for|No results|Search is/, { timeout: 15_000 });
    await expect(dialog.getByRole('status')).toContainText(`for “${query}”`);
    await expect(results.first()).toBeVisible();
    const href = await results.first().getAttribute('href');
    expect(href).toMatch(/^\/(flows|guides)\//);
    await results.first().click();
    await expect(page).toHaveURL(new RegExp(`${href!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('main')).toContainText(new RegExp(query, 'i'));
  });
}

test('Enter in the search box opens the first result', async ({ page }) => {
  await page.goto('/guides/');
  await page.keyboard.press('/');
  await page.keyboard.type('PKCE');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status')).toContainText('for “PKCE”', { timeout: 15_000 });
  await expect(dialog.getByRole('list').getByRole('link').first()).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/(flows|guides)\/[^/]+\//);
});

test('the 404 page searches for the words of the missing address', async ({ page }) => {
  const response = await page.goto('/flows/pkce-typo-here/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  const box = page.getByRole('searchbox', { name: 'Search flows and guides' });
  await expect(box).toHaveValue(/pkce/);
  await expect(page.locator('main').getByRole('list').getByRole('link', { name: /PKCE/ }).first()).toBeVisible();
});
