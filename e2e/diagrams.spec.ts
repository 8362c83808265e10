import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { flows, getFlow } from '../src/flows/index.ts';
import { stepAnchor } from '../src/flows/derive.ts';

/** The fixture page that shows one flow's diagram and exposes the highlighter. */
const fixture = (slug: string) => `/lab/diagram-test/${slug}/`;

const figureOf = (page: Page, title: string) =>
  page.getByRole('figure', { name: `${title} — sequence diagram`, exact: true });

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  for (const flow of flows) {
    test(`${flow.slug}: the figure named after the flow shows one message per step`, async ({ page }) => {
      await page.goto(fixture(flow.slug));
      const figure = figureOf(page, flow.title);
      await expect(figure).toBeVisible();
      const image = figure.getByRole('group', { name: new RegExp(`^${flow.title.replace(/[()]/g, '\\$&')} sequence diagram`) });
      await expect(image).toBeVisible();
      // Every arrow is a plain link to its step's prose, named by its number and label.
      const arrows = image.getByRole('link');
      await expect(arrows).toHaveCount(flow.steps.length);
      for (const [i, step] of flow.steps.entries()) {
        await expect(arrows.nth(i)).toHaveAccessibleName(`Step ${i + 1}: ${step.label}`);
        await expect(arrows.nth(i)).toHaveAttribute('href', `/flows/${flow.slug}/#${stepAnchor(step)}`);
      }
      await expect(image.locator('g.message')).toHaveCount(flow.steps.length);
      const ids = await image.locator('g.message').evaluateAll((groups) => groups.map((g) => g.getAttribute('data-step-id')));
      expect(ids).toEqual(flow.steps.map((s) => s.id));
    });
  }

  test('the text alternative lists every step, linking to its section of the flow page', async ({ page }) => {
    const flow = getFlow('authorization-code');
    await page.goto(fixture(flow.slug));
    const figure = figureOf(page, flow.title);
    await figure.getByText('Steps as text').click();
    const links = figure.getByRole('list').getByRole('link');
    await expect(links).toHaveCount(flow.steps.length);
    for (const [i, step] of flow.steps.entries()) {
      await expect(links.nth(i)).toHaveAttribute('href', `/flows/${flow.slug}/#${stepAnchor(step)}`);
      await expect(links.nth(i)).toContainText(step.label);
    }
    await expect(links.first()).toContainText('Client app → Browser:');
    await expect(links.nth(6)).toContainText('Client app checks: state matches');
  });

  test('on a 360px phone the diagram scrolls sideways in a named, focusable region', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(fixture('authorization-code'));
    const region = page.getByRole('region', { name: 'Authorization Code diagram, scrollable' });
    await region.focus();
    await expect(region).toBeFocused();
    const { scrollWidth, clientWidth } = await region.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // The page itself does not scroll sideways.
    const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(pageOverflow).toBeLessThanOrEqual(0);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  });
});

test.describe('on the flow page', () => {
  test.use({ javaScriptEnabled: false });

  test('the diagram fits a 360px phone column and scrolls inside itself', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/flows/authorization-code/');
    const figure = figureOf(page, 'Authorization Code');
    await expect(figure.getByRole('group', { name: /^Authorization Code sequence diagram/ })).toBeVisible();
    const box = await figure.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    const region = figure.getByRole('region', { name: 'Authorization Code diagram, scrollable' });
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });

  test('on its own page the steps link to the sections of the prose', async ({ page }) => {
    const flow = getFlow('authorization-code');
    await page.goto(`/flows/${flow.slug}/`);
    const figure = figureOf(page, flow.title);
    await figure.getByText('Steps as text').click();
    const links = figure.getByRole('list').getByRole('link');
    await expect(links).toHaveCount(flow.steps.length);
    for (const [i, step] of flow.steps.entries()) {
      await expect(links.nth(i)).toHaveAttribute('href', `#${stepAnchor(step)}`);
      await expect(page.locator(`[id="${stepAnchor(step)}"]`)).toHaveCount(1);
    }
  });
});

test.describe('with JavaScript enabled', () => {
  test('highlightStep marks the current message and the ones before it', async ({ page }) => {
    const flow = getFlow('authorization-code');
    await page.goto(fixture(flow.slug));
    const messages = figureOf(page, flow.title).locator('svg g.message');
    expect(await page.evaluate(() => (window as unknown as { __messageCount(): number }).__messageCount())).toBe(flow.steps.length);

    const current = flow.steps.findIndex((s) => s.id === 'check-state');
    await page.evaluate((i) => (window as unknown as { __highlightStep(i: number | null): void }).__highlightStep(i), current);

    await expect(messages.nth(current)).toHaveClass(/\bis-current\b/);
    await expect(messages.nth(current)).toHaveAttribute('data-step-id', 'check-state');
    // A check is a self-message: its loop path and its text are marked too.
    await expect(messages.nth(current).locator('path[data-et="message"]')).toHaveClass(/\bis-current\b/);
    await expect(messages.nth(current).locator('text.messageText').first()).toHaveClass(/\bis-current\b/);
    for (let i = 0; i < flow.steps.length; i++) {
      if (i < current) await expect(messages.nth(i)).toHaveClass(/\bis-done\b/);
      else await expect(messages.nth(i)).not.toHaveClass(/\bis-done\b/);
      if (i !== current) await expect(messages.nth(i)).not.toHaveClass(/\bis-current\b/);
    }
    await expect(figureOf(page, flow.title).locator('li[aria-current="step"]')).toHaveAttribute('data-step-index', String(current));
    // The current arrow is drawn in the accent colour, thicker than the others.
    const width = (i: number) => messages.nth(i).locator('[data-et="message"]').evaluate((el) => getComputedStyle(el).strokeWidth);
    expect(parseFloat(await width(current))).toBeGreaterThan(parseFloat(await width(current + 1)));

    await page.evaluate(() => (window as unknown as { __highlightStep(i: number | null): void }).__highlightStep(null));
    await expect(page.locator('svg g.message.is-current, svg g.message.is-done')).toHaveCount(0);
  });

  test('highlighting a step off screen scrolls it into view inside the diagram only', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const flow = getFlow('authorization-code');
    await page.goto(fixture(flow.slug));
    const region = page.getByRole('region', { name: 'Authorization Code diagram, scrollable' });
    const last = flow.steps.length - 1;
    await page.evaluate((i) => (window as unknown as { __highlightStep(i: number): void }).__highlightStep(i), last);
    const arrow = figureOf(page, flow.title).locator('svg g.message').nth(last).locator('[data-et="message"]');
    await expect
      .poll(async () => {
        const [box, view] = await Promise.all([arrow.boundingBox(), region.boundingBox()]);
        return box && view ? box.x + box.width / 2 > view.x && box.x + box.width / 2 < view.x + view.width : false;
      })
      .toBe(true);
    expect(await page.evaluate(() => window.scrollX)).toBe(0);
  });

  test('highlightStep rejects an index outside the flow', async ({ page }) => {
    await page.goto(fixture('client-credentials'));
    const error = await page.evaluate(() => {
      try {
        (window as unknown as { __highlightStep(i: number): void }).__highlightStep(99);
        return '';
      } catch (e) {
        return String(e);
      }
    });
    expect(error).toMatch(/RangeError: Step index 99 is outside 0…8/);
  });
});

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const messageTextFill = (page: Page) =>
  page.locator('svg g.message text.messageText').first().evaluate((el) => getComputedStyle(el).fill);

test.describe('themes and print', () => {
  test('light by default, dark with the data-theme attribute', async ({ page }) => {
    await page.goto(fixture('pkce'));
    expect(luminance(await messageTextFill(page))).toBeLessThan(0.2);
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    expect(luminance(await messageTextFill(page))).toBeGreaterThan(0.6);
  });

  test.describe('when the system prefers dark', () => {
    test.use({ colorScheme: 'dark' });

    test('dark text on the diagram, unless the page is set to light', async ({ page }) => {
      await page.goto(fixture('pkce'));
      expect(luminance(await messageTextFill(page))).toBeGreaterThan(0.6);
      await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
      expect(luminance(await messageTextFill(page))).toBeLessThan(0.2);
    });
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`no accessibility violations in the figure (${theme})`, async ({ page }) => {
      await page.goto(fixture('device-code'));
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      await page.getByText('Steps as text').click();
      const results = await new AxeBuilder({ page }).include('figure[data-diagram-for]').analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('prints the whole diagram in black on white, without the scroll box or the step list', async ({ page }) => {
    await page.setViewportSize({ width: 500, height: 900 });
    await page.goto(fixture('native-app'));
    const figure = figureOf(page, 'Native Apps');
    const widths = () => Promise.all([figure.locator('svg').boundingBox(), figure.boundingBox()]);
    const [screenSvg, screenFigure] = await widths();
    expect(screenSvg!.width).toBeGreaterThan(screenFigure!.width); // on screen it scrolls
    await page.emulateMedia({ media: 'print' });
    await expect(figure.getByText('Steps as text')).toBeHidden();
    const [printSvg, printFigure] = await widths();
    expect(printSvg!.width).toBeLessThanOrEqual(printFigure!.width);
    expect(await messageTextFill(page)).toBe('rgb(0, 0, 0)');
  });
});
