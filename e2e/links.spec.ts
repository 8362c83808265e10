import { expect, test } from '@playwright/test';
import { JOIN_PAGE } from './fixtures';
import { pageAnchors } from './page-anchors';
import { readingPages } from './site-pages';

/** Endpoints of the toy server and generated assets: not pages, not crawled. */
const notPages = [/^\/oauth\//, /^\/api\//, /^\/\.well-known\//, /^\/pagefind\//, /^\/_astro\//, /^\/lab\//];

/** Pages fetched at once: the server answers prerendered pages from disk, so a few at a time is plenty. */
const AT_ONCE = 6;

// Over real HTTP, no browser: every link and anchor of the site is in the HTML the server sends (the pages
// are prerendered, the diagrams' SVG included); what scripts add later is checked by the journeys that use it.
test('no page links to a missing page or anchor', async ({ request, baseURL }) => {
  test.setTimeout(180_000); // every page once, the 56 prerendered comparisons included
  const origin = new URL(baseURL!).origin;
  const queue: string[] = ['/', ...readingPages];
  const ids = new Map<string, Set<string>>();
  const fragmentLinks: { from: string; to: string; fragment: string }[] = [];
  const broken: string[] = [];

  async function read(path: string): Promise<void> {
    const response = await request.get(path);
    if (response.status() >= 400) {
      broken.push(`${path} answered ${response.status()}`);
      ids.set(path, new Set());
      return;
    }
    const found = pageAnchors(await response.text(), response.url());
    ids.set(path, new Set(found.targets));
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

  while (queue.length > 0) {
    const batch = [...new Set(queue.splice(0, AT_ONCE))].filter((path) => !ids.has(path));
    for (const path of batch) ids.set(path, new Set()); // claimed: not queued again while it loads
    await Promise.all(batch.map(read));
  }

  for (const link of fragmentLinks) {
    if (!ids.get(link.to)?.has(link.fragment)) broken.push(`${link.from} links to missing ${link.to}#${link.fragment}`);
  }
  expect([...new Set(broken)]).toEqual([]);
  expect(ids.size).toBeGreaterThanOrEqual(readingPages.length);
  // The page a learner joins a class on is linked from the site, not only from a join link.
  expect(ids.has(JOIN_PAGE)).toBe(true);
});
