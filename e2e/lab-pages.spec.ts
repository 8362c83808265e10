import { expect, test } from '@playwright/test';

/** The client app's redirect page is shown inside the walk-through's frame: it must match the site's theme. */
test.describe('the client app’s redirect page', () => {
  test.use({ colorScheme: 'light' });

  test('follows the theme chosen with the site’s toggle, not only the system setting', async ({ page }) => {
    await page.goto('/lab/callback?code=abc&state=xyz');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => localStorage.setItem('osl-theme', 'dark'));
    await page.reload();
    expect(await background()).toBe('rgb(15, 20, 25)');
    await expect(page.getByText('abc')).toBeVisible();
  });
});
