import type { Page } from '@playwright/test';

/** The scripts a page loads up to its load event (what it ships up front), by path, sorted. */
export async function upFrontScripts(opener: Page, path: string): Promise<string[]> {
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
