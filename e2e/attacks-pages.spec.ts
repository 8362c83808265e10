import { expect, test, type Page } from '@playwright/test';
import { attacks, lessonPath } from '../src/flows/attacks/index';
import { getFlow } from '../src/flows/index';
import { ENDPOINTS, route, stepAnchor } from './fixtures';

/** The attack lessons as reading pages: the index, the links both ways with the flows, their weight. */

test('the index lists every lesson, and the sidebar and each lesson link to it', async ({ page }) => {
  await page.goto('/attacks/');
  for (const attack of attacks) {
    await expect(page.getByRole('main').getByRole('link', { name: attack.title, exact: true })).toHaveAttribute('href', lessonPath(attack));
  }
  // The sidebar of every lesson page lists the lessons under "Attacks" (folded into a menu on narrower screens).
  await page.goto(lessonPath(attacks[0]!));
  const sidebar = page.locator('nav[aria-label="Flows and guides"]');
  await expect(sidebar.locator('a[href="/attacks/"]')).toHaveCount(1);
  for (const attack of attacks) await expect(sidebar.locator(`a[href="${lessonPath(attack)}"]`)).toHaveCount(1);
});

for (const attack of attacks) {
  test(`${attack.slug}: the flow step it breaks links to it, and it links back`, async ({ page }) => {
    const flow = getFlow(attack.attack.breaks.flow);
    const anchor = stepAnchor({ id: attack.attack.breaks.step });
    await page.goto(`/flows/${flow.slug}/`);
    const step = page.locator(`section#${anchor}`);
    await expect(step).toContainText('What if this check were missing?');
    await step.getByRole('link', { name: attack.title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${lessonPath(attack)}$`));
    // The title as literal text: "Implicit (legacy)" has parentheses.
    await page.getByRole('link', { name: route`^${flow.title}, step \d+:` }).first().click();
    await expect(page).toHaveURL(new RegExp(`/flows/${flow.slug}/#${anchor}$`));
  });
}

/** The scripts a page's HTML names up front (`<script src>`); the walk-through's own code loads after. */
async function scriptTags(page: Page, path: string): Promise<string[]> {
  const html = await (await page.request.get(path)).text();
  return [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!).sort();
}

test('the attack pages ship no more up-front JavaScript than a flow page', async ({ page }) => {
  const flowPage = `/flows/${attacks[0]!.attack.breaks.flow}/`;
  const flowTags = await scriptTags(page, flowPage);
  expect(flowTags.length).toBeGreaterThan(0);
  for (const attack of attacks) expect(await scriptTags(page, lessonPath(attack)), attack.slug).toEqual(flowTags);
});

test('a learner’s lab switch weakens nobody else: another browser keeps every defence on', async ({ browser }) => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  const pageA = await a.newPage();
  const pageB = await b.newPage();
  // Each browser gets its own learner id from the server on its first lab request.
  await pageA.request.get(ENDPOINTS.labTrace);
  await pageB.request.get(ENDPOINTS.labTrace);
  const off = await pageA.request.post(ENDPOINTS.labSwitches, { data: { 'single-use-code': 'off' } });
  expect(off.status()).toBe(200);
  expect((await off.json())['single-use-code']).toBe('off');
  const other = await (await pageB.request.get(ENDPOINTS.labSwitches)).json();
  expect(Object.values(other).every((value) => value === 'on')).toBe(true);
  await a.close();
  await b.close();
});
