import { expect, test, type Page } from '@playwright/test';
import { JOIN_PAGE, stepAnchor } from './fixtures';
import { flowPages, guideHasDiagram, guidePages } from './site-pages';

/** Tabs until `matches` is true for the focused element, returning how it was named. */
async function tabUntil(page: Page, matches: (name: string) => boolean, max = 80): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return '';
      const label = el.getAttribute('aria-label') ?? el.textContent ?? '';
      const where = el.closest('.sidebar') ? 'sidebar:' : '';
      return `${where}${el.tagName.toLowerCase()}:${label.replace(/\s+/g, ' ').trim()}`;
    });
    seen.push(name);
    if (matches(name)) return seen;
  }
  throw new Error(`Keyboard focus never reached the target. Focus went through:\n${seen.join('\n')}`);
}

test('a link to a step lands on that step of the prose', async ({ page }) => {
  await page.goto(`/flows/authorization-code/#${stepAnchor({ id: 'check-state' })}`);
  const section = page.locator(`section#${stepAnchor({ id: 'check-state' })}`);
  await expect(section).toBeInViewport();
  await expect(section.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(section.getByRole('heading', { level: 2 })).toBeInViewport();
});

test('keyboard alone reaches the skip link, search, the sidebar and the walk-through', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(guidePages[0]!.path);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await tabUntil(page, (n) => n.startsWith('button:') && n.includes('Search'));
  await expect(page.getByRole('button', { name: /Search/ })).toBeFocused();
  const trail = await tabUntil(page, (n) => n.startsWith('sidebar:a:'));
  expect(trail.at(-1)).toMatch(/^sidebar:a:/);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/(flows|guides)\//);

  await page.goto('/flows/authorization-code/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await tabUntil(page, (n) => n === 'button:Next step' || n.endsWith(':Next step'), 160);
  await expect(page.getByRole('button', { name: 'Next step' })).toBeFocused();
});

test('"/" and Ctrl+K open search with the cursor in the search box', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('/');
  const input = page.getByRole('searchbox', { name: 'Search' });
  await expect(input).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.keyboard.press('Control+k');
  await expect(input).toBeFocused();
});

test('the sidebar marks the current page', async ({ page }) => {
  const guide = guidePages[0]!;
  await page.goto(guide.path);
  const current = page.getByRole('navigation', { name: 'Flows and guides' }).locator('a[aria-current="page"]');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('href', guide.path);
});

test('the theme toggle switches to dark and remembers it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto(guidePages[0]!.path);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});

// A phone (360 px) and 1280 px at 200 % zoom (640 CSS px): the main links stay on one row, whole by name.
test('the header’s links fit on one row at 360 px and at 200 % zoom, each reachable by its full name', async ({ page }) => {
  const main = page.getByRole('navigation', { name: 'Main' });
  const links = main.getByRole('link');
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/flows/pkce/');
  for (const width of [360, 640]) {
    await page.setViewportSize({ width, height: 740 });
    await expect(main.getByRole('link', { name: 'Join a class', exact: true })).toBeVisible();
    const tops = await links.evaluateAll((all) => all.map((a) => Math.round(a.getBoundingClientRect().top)));
    expect(tops.length).toBe(5);
    expect(new Set(tops).size, `one row at ${width} px`).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await main.getByRole('link', { name: 'Join a class', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${JOIN_PAGE}$`));
});

test('code blocks have a copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/flows/authorization-code/');
  const block = page.locator('.prose .code-block').first();
  await block.getByRole('button', { name: 'Copy code' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.length).toBeGreaterThan(0);
  expect(await block.locator('pre').innerText()).toContain(copied.trim().split('\n')[0]);
});

// The pager is plain HTML: read with scripts off, so no flow page starts its walk-through just to be paged through.
test.describe('with JavaScript disabled, the pager', () => {
  test.use({ javaScriptEnabled: false });

  for (const [kind, pages] of [
    ['flows', flowPages],
    ['guides', guidePages],
  ] as const) {
    test(`previous and next links chain every page of the ${kind} in one reading order`, async ({ page }) => {
      const links = new Map<string, { prev?: string; next?: string }>();
      for (const p of pages) {
        await page.goto(p.path);
        const pager = page.getByRole('navigation', { name: 'Previous and next' });
        const href = async (rel: string) =>
          (await pager.locator(`a[rel="${rel}"]`).count()) > 0
            ? ((await pager.locator(`a[rel="${rel}"]`).getAttribute('href')) ?? undefined)
            : undefined;
        links.set(p.path, { prev: await href('prev'), next: await href('next') });
      }
      const starts = [...links].filter(([, l]) => !l.prev).map(([path]) => path);
      expect(starts).toHaveLength(1);
      const visited: string[] = [];
      for (let at: string | undefined = starts[0]; at; at = links.get(at)?.next) {
        if (visited.includes(at)) break;
        visited.push(at);
        const next = links.get(at)?.next;
        if (next) expect(links.get(next)?.prev).toBe(at);
      }
      expect(visited.sort()).toEqual(pages.map((p) => p.path).sort());
    });
  }
});

for (const p of [...flowPages, ...guidePages]) {
  test(`${p.path} loads with no console errors`, async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const response = await page.goto(p.path);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(errors).toEqual([]);
  });
}

test.describe('with JavaScript disabled', () => {
  test.use({ javaScriptEnabled: false });

  for (const p of flowPages) {
    test(`${p.path} shows its diagram as SVG`, async ({ page }) => {
      await page.goto(p.path);
      const figure = page.locator(`figure[data-diagram-for="${p.slug}"]`).first();
      await expect(figure.locator('svg').first()).toBeAttached();
    });
  }

  for (const p of guidePages.filter((g) => guideHasDiagram(g.slug))) {
    test(`${p.path} shows every diagram as SVG`, async ({ page }) => {
      await page.goto(p.path);
      const figures = page.locator('figure[data-diagram-for]');
      expect(await figures.count()).toBeGreaterThan(0);
      for (const figure of await figures.all()) await expect(figure.locator('svg').first()).toBeAttached();
    });
  }
});
