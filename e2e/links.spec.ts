import { expect, test } from '@playwright/test';
import { JOIN_PAGE } from './fixtures';
import { readingPages } from './site-pages';

/** Endpoints of the toy server and generated assets: not pages, not crawled. */
const notPages = [/^\/oauth\//, /^\/api\//, /^\/\.well-known\//, /^\/pagefind\//, /^\/_astro\//, /^\/lab\//];

test('no page links to a missing page or anchor', async ({ page, baseURL }) => {
  test.setTimeout(420_000); // every page once, the 56 prerendered comparisons included
  const origin = new URL(baseURL!).origin;
  const queue: string[] = ['/', ...readingPages];
  const ids = new Map<string, Set<string>>();
  const fragmentLinks: { from: string; to: string; fragment: string }[] = [];
  const broken: string[] = [];

  while (queue.length > 0) {
    const path = queue.shift()!;
    if (ids.has(path)) continue;
    const response = await page.goto(path);
    if (!response || response.status() >= 400) {
      broken.push(`${path} answered ${response?.status()}`);
      ids.set(path, new Set());
      continue;
    }
    const found = await page.evaluate(() => ({
      ids: [...document.querySelectorAll('[id]')].map((el) => el.id),
      names: [...document.querySelectorAll('a[name]')].map((el) => el.getAttribute('name') ?? ''),
      // Resolved from the attribute, so the SVG links of the diagrams (whose `href` is not a string) are checked too.
      links: [...document.querySelectorAll('a[href]')].map((a) => new URL(a.getAttribute('href')!, document.baseURI).href),
    }));
    ids.set(path, new Set([...found.ids, ...found.names]));
    for (const href of found.links) {
      const url = new URL(href);
      if (url.origin !== origin) continue;
      if (notPages.some((re) => re.test(url.pathname))) continue;
      if (url.hash.length > 1) {
        fragmentLinks.push({ from: path, to: url.pathname, fragment: decodeURIComponent(url.hash.slice(1)) });
      }
      if (!ids.has(url.pathname) && !queue.includes(url.pathname)) queue.push(url.pathname);
    }
  }

  for (const link of fragmentLinks) {
    if (!ids.get(link.to)?.has(link.fragment)) broken.push(`${link.from} links to missing ${link.to}#${link.fragment}`);
  }
  expect([...new Set(broken)]).toEqual([]);
  expect(ids.size).toBeGreaterThanOrEqual(readingPages.length);
  // The page a learner joins a class on is linked from the site, not only from a join link.
  expect(ids.has(JOIN_PAGE)).toBe(true);
});
