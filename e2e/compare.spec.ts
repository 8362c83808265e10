import { expect, test, type Page } from '@playwright/test';
import { getFlow } from '../src/flows/index.ts';
import { guidePages } from './site-pages';

/** Two flows side by side, every step marked against the other, from the flow definitions. */

const authorizationCode = getFlow('authorization-code');
const pkce = getFlow('pkce');
const PAIR = '/compare/authorization-code/pkce/';

const figureOf = (page: Page, title: string) => page.getByRole('figure', { name: `${title} — sequence diagram`, exact: true });
const arrow = (page: Page, flow: typeof pkce, id: string, status: string) => {
  const i = flow.steps.findIndex((s) => s.id === id);
  return figureOf(page, flow.title).getByRole('link', { name: `Step ${i + 1} (${status}): ${flow.steps[i]!.label}`, exact: true });
};

/** The paths of the scripts a page loads before the learner does anything. */
async function upFrontScripts(opener: Page, path: string): Promise<string[]> {
  // A page of its own, so what an earlier page loads lazily after its load event is not counted here.
  const page = await opener.context().newPage();
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(path, { waitUntil: 'load' });
  await page.close();
  return scripts.sort();
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a flow page’s “Compare with…” leads to a pair, kept in the URL', async ({ page }) => {
    await page.goto(`/flows/${authorizationCode.slug}/`);
    await page.getByRole('link', { name: 'Compare with…' }).click();
    await expect(page).toHaveURL(/\/compare\/authorization-code\/$/);
    await page.getByRole('main').getByRole('link', { name: pkce.title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${PAIR}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${authorizationCode.title} vs ${pkce.title}`);
    await page.getByRole('link', { name: 'Swap sides' }).click();
    await expect(page).toHaveURL(/\/compare\/pkce\/authorization-code\/$/);
  });

  test('Authorization Code vs PKCE: PKCE’s challenge and verifier steps are added, the shared steps shared', async ({ page }) => {
    await page.goto('/compare/');
    await page.getByRole('link', { name: `${authorizationCode.title} vs ${pkce.title}` }).click();
    await expect(page).toHaveURL(new RegExp(`${PAIR}$`));

    for (const id of ['create-verifier', 'verify-pkce']) {
      await expect(arrow(page, pkce, id, 'added')).toHaveAttribute('href', `/flows/pkce/#step-${id}`);
      const message = figureOf(page, pkce.title).locator(`g.message[data-step-id="${id}"]`);
      await expect(message).toHaveAttribute('data-mark', 'added');
      await expect(message.locator('text.step-mark')).toHaveText('+');
    }
    for (const id of ['login-and-consent', 'user-decides', 'callback', 'check-state']) {
      await expect(arrow(page, pkce, id, 'shared')).toHaveCount(1);
      await expect(arrow(page, authorizationCode, id, 'shared')).toHaveCount(1);
      await expect(figureOf(page, pkce.title).locator(`g.message[data-step-id="${id}"] text.step-mark`)).toHaveText('=');
    }
    await expect(arrow(page, pkce, 'token-request', 'changed')).toHaveCount(1);
    await expect(arrow(page, authorizationCode, 'verify-code', 'added')).toHaveCount(1);
    // Every arrow of both diagrams keeps its link, marked.
    await expect(figureOf(page, pkce.title).getByRole('link', { name: /^Step \d+ \((shared|changed|added)\): / })).toHaveCount(pkce.steps.length);
    await expect(figureOf(page, authorizationCode.title).getByRole('link', { name: /^Step \d+ \((shared|changed|added)\): / })).toHaveCount(
      authorizationCode.steps.length,
    );
    // The text alternative says it too.
    await figureOf(page, pkce.title).getByText('Steps as text').click();
    await expect(figureOf(page, pkce.title).locator('li[data-step-index="0"]')).toContainText('+ added:');

    const table = page.getByRole('table');
    const tokenRow = table.getByRole('row', { name: /^Parameters: token request/ });
    await expect(tokenRow.getByRole('cell').nth(1)).toContainText('only here: code_verifier');
    await expect(tokenRow.getByRole('cell').nth(0)).not.toContainText('code_verifier');
    const who = table.getByRole('row', { name: /^Who authenticates/ });
    await expect(who.getByRole('cell').nth(0)).toContainText('Client app: client secret, HTTP Basic');
    await expect(who.getByRole('cell').nth(1)).toContainText('Single-page app: no secret: a public client');
  });

  test('the guides link to the ready-made comparisons', async ({ page }) => {
    await page.goto('/guides/choosing-a-flow/');
    for (const href of [PAIR, '/compare/implicit/pkce/', '/compare/authorization-code/device-code/']) {
      await expect(page.getByRole('article').locator(`a[href="${href}"]`).first()).toBeVisible();
    }
  });
});

test('the compare pages load no up-front script beyond the reading pages’', async ({ page }) => {
  const reading = new Set([...(await upFrontScripts(page, guidePages[0]!.path)), ...(await upFrontScripts(page, `/flows/${pkce.slug}/`))]);
  for (const path of ['/compare/', '/compare/pkce/', PAIR]) {
    const scripts = await upFrontScripts(page, path);
    expect(scripts.filter((s) => !reading.has(s)), path).toEqual([]);
  }
});

test.describe('layout', () => {
  const boxes = async (page: Page) => {
    const [a, b] = await Promise.all([figureOf(page, authorizationCode.title).boundingBox(), figureOf(page, pkce.title).boundingBox()]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    return { a: a!, b: b!, overflow };
  };

  test('side by side at 1280×720', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(PAIR);
    const { a, b, overflow } = await boxes(page);
    expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
    expect(Math.abs(a.y - b.y)).toBeLessThan(1);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  for (const [name, width, height, scale] of [
    ['360 px wide', 360, 740, 1],
    ['200 % zoom', 640, 360, 2],
  ] as const) {
    test(`stacked at ${name}, without sideways scrolling of the page`, async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
      const page = await context.newPage();
      await page.goto(PAIR);
      const { a, b, overflow } = await boxes(page);
      expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
      expect(a.x + a.width).toBeLessThanOrEqual(width);
      expect(overflow).toBeLessThanOrEqual(0);
      await context.close();
    });
  }
});
