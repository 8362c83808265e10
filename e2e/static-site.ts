/**
 * What the static site's browser tests share: the site's base under the static file server, the
 * Service Worker that runs the lab server, and stopping it the way a browser stops an idle worker
 * (Chromium DevTools Protocol, `ServiceWorker.stopAllWorkers`).
 */
import { expect, test, type Page } from '@playwright/test';
import { lessonPath } from '../src/flows/attacks/index';
import type { AttackDefinition } from '../src/flows/attacks/types';
import type { FlowDefinition } from '../src/flows/types';
import { attackOf, type AttackUi } from './attack-page';
import { flowPath } from './fixtures';
import { walkthroughOf, type WalkthroughUi } from './walkthrough-page';

/**
 * Where the static build is served in the running project, from its `baseURL`: `''` at the root,
 * e.g. `/oauth-lab` below one. Only inside a test.
 */
export function staticBase(): string {
  const baseURL = test.info().project.use.baseURL;
  return baseURL ? new URL(baseURL).pathname.replace(/\/$/, '') : '';
}

/** A path as the static site serves it (below its base). */
export const at = (path: string) => `${staticBase()}${path}`;

/** The mode note the pages show near the walk-through and on `/server/`. */
export const BROWSER_MODE_NOTE = 'Lab server: in this browser (Service Worker).';

/** Opens a flow page of the static site and waits until its walk-through can start (the worker controls the page). */
export async function openStaticWalkthrough(page: Page, flow: FlowDefinition): Promise<WalkthroughUi> {
  await page.goto(at(flowPath(flow)));
  const ui = walkthroughOf(page, flow);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  await expect(ui.walkthrough.getByText(BROWSER_MODE_NOTE)).toBeVisible();
  return ui;
}

/** Opens an attack lesson of the static site and waits until its walk-through can start. */
export async function openStaticAttack(page: Page, attack: AttackDefinition): Promise<AttackUi> {
  await page.goto(at(lessonPath(attack)));
  const ui = attackOf(page, attack);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  await expect(ui.walkthrough.getByText(BROWSER_MODE_NOTE)).toBeVisible();
  return ui;
}

/**
 * Stops every Service Worker of the browser, as a browser does with an idle one, and waits until it
 * has stopped: whatever the lab server kept only in memory is gone; its next request starts a new worker.
 */
export async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const status = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) status.set(version.versionId, version.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...status.values()].includes('running')).toBe(true);
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => [...status.values()].every((running) => running === 'stopped')).toBe(true);
  await cdp.detach();
}

/** Reads a JSON endpoint through the page, so the request goes to the page's Service Worker (as the walk-through's do). */
export function fetchThroughPage<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (url) => {
    // On a first visit the page registers the worker; until it controls the page, fetches go to the static host.
    const workers = navigator.serviceWorker;
    if (!workers.controller) await new Promise<void>((resolve) => workers.addEventListener('controllerchange', () => resolve(), { once: true }));
    return (await fetch(url)).json() as Promise<T>;
  }, at(path));
}
