import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readingPages } from './site-pages';
import { JOIN_PAGE } from './fixtures';

/** Every page a reader can reach, plus the 404 page, the server page and the join page. */
const pages = [...readingPages, '/this-page-does-not-exist/', '/server/', JOIN_PAGE];

for (const scheme of ['light', 'dark'] as const) {
  for (const path of pages) {
    test(`${path} has no accessibility violations (${scheme})`, async ({ page }) => {
      test.setTimeout(120_000); // axe walks every node of a flow page, diagram and walk-through included
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map(
        (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
      );
      expect(summary).toEqual([]);
    });
  }
}

test('the theme toggle gives an accessible dark page even against a light system setting', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/flows/authorization-code/');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const results = await new AxeBuilder({ page }).withRules(['color-contrast']).analyze();
  expect(results.violations.map((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
});
