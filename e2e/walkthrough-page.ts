import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A flow page's live walk-through, found the way a learner (or a screen reader) finds it:
 * by the controls' accessible names, the "Browser" and "Inspector" regions, and the status line.
 */
export function walkthroughOf(page: Page, steps: number) {
  const walkthrough = page.getByRole('region', { name: 'Live walk-through' });
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const browser = page.getByRole('region', { name: 'Browser' });
  const ui = {
    page,
    steps,
    walkthrough,
    inspector,
    browser,
    /** Every Inspector entry (each has a summary line). */
    entries: inspector.getByRole('listitem').filter({ has: page.locator('summary') }),
    /** Inspector entries whose text starts with a request line or a check's name. */
    entry: (start: RegExp) => inspector.getByRole('listitem').filter({ hasText: start }),
    address: browser.getByRole('textbox', { name: 'Address' }),
    frame: page.frameLocator('iframe[title="Browser frame"]'),
    status: walkthrough.getByRole('status'),
    next: page.getByRole('button', { name: 'Next step' }),
    previous: page.getByRole('button', { name: 'Previous step' }),
    reset: page.getByRole('button', { name: 'Reset' }),
    /** A learner action the next step offers (a teaching variant such as "Send a wrong code_verifier"). */
    action: (name: string) => walkthrough.getByRole('button', { name, exact: true }),
  };
  return ui;
}

export type WalkthroughUi = ReturnType<typeof walkthroughOf>;

export async function openWalkthrough(page: Page, path: string, steps: number): Promise<WalkthroughUi> {
  await page.goto(path);
  const ui = walkthroughOf(page, steps);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  return ui;
}

export async function atStep(ui: WalkthroughUi, n: number): Promise<void> {
  await expect(ui.status).toContainText(`Step ${n} of ${ui.steps}`);
}

/** Presses Next step until step `n` has run. */
export async function nextUntil(ui: WalkthroughUi, from: number, n: number): Promise<void> {
  for (let step = from + 1; step <= n; step++) {
    await ui.next.click();
    await atStep(ui, step);
  }
}

/** Signs in as the demo user inside the frame and answers the consent page. */
export async function signInAndAnswer(ui: WalkthroughUi, answer: 'Approve' | 'Deny'): Promise<void> {
  if (answer === 'Approve') {
    await ui.frame.getByLabel('Username').fill('alice');
    await ui.frame.getByLabel('Password').fill('wonderland');
  }
  await ui.frame.getByRole('button', { name: answer }).click();
}

/** Opens an Inspector entry's details (its inputs, headers and bodies). */
export async function openEntry(entry: Locator): Promise<void> {
  const details = entry.locator('details').first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await entry.locator('summary').first().click();
}
