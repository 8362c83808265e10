import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readingPages } from './site-pages';
import { COLOUR_RULES, violations } from './axe';
import { JOIN_PAGE } from './fixtures';

/** Every page a reader can reach, plus the 404 page, the server page and the join page. */
const pages = [...readingPages, '/this-page-does-not-exist/', '/server/', JOIN_PAGE];

for (const path of pages) {
  test(`${path} has no accessibility violations (light; colours in dark too)`, async ({ page }) => {
    test.setTimeout(180_000); // axe walks every node of a flow page, diagram and walk-through included
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(path);
    expect(violations(await new AxeBuilder({ page }).analyze()), 'light').toEqual([]);
    // The same page, switched to dark: CSS follows prefers-color-scheme at once, the toggle listens for it.
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    expect(violations(await new AxeBuilder({ page }).withRules(COLOUR_RULES).analyze()), 'dark').toEqual([]);
  });
}

test('the theme toggle gives an accessible dark page even against a light system setting', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/flows/authorization-code/');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  expect(results.violations.map((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
});
