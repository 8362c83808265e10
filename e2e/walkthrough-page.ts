import { expect, type Locator, type Page } from '@playwright/test';
import type { FlowDefinition } from '../src/flows/types';
import { demoUser, flowPath } from './fixtures';

/**
 * A flow page's live walk-through, found the way a learner (or a screen reader) finds it:
 * by the controls' accessible names, the "Browser" and "Inspector" regions, and the status line.
 */
export function walkthroughOf(page: Page, flow: FlowDefinition) {
  const walkthrough = page.getByRole('region', { name: 'Live walk-through' });
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const browser = page.getByRole('region', { name: 'Browser' });
  const ui = {
    page,
    flow,
    /** How many steps the flow has. */
    steps: flow.steps.length,
    /** The 1-based number of a step of the flow, as the status and the diagram print it. */
    number: (stepId: string) => {
      const index = flow.steps.findIndex((step) => step.id === stepId);
      if (index < 0) throw new Error(`No step "${stepId}" in ${flow.slug}`);
      return index + 1;
    },
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

export async function openWalkthrough(page: Page, flow: FlowDefinition): Promise<WalkthroughUi> {
  await page.goto(flowPath(flow));
  const ui = walkthroughOf(page, flow);
  await ui.walkthrough.scrollIntoViewIfNeeded();
  await expect(ui.next).toBeEnabled();
  return ui;
}

/** A step of the flow by its id, or a count of steps run (0: before the first). */
export type StepRef = string | number;

function countOf(ui: WalkthroughUi, step: StepRef): number {
  return typeof step === 'number' ? step : ui.number(step);
}

/** Waits until the walk-through has run the given step (and none after it). */
export async function atStep(ui: WalkthroughUi, step: StepRef): Promise<void> {
  await expect(ui.status).toContainText(`Step ${countOf(ui, step)} of ${ui.steps}`);
}

/** Presses Next step from step `from` (0: the start) until step `to` has run. */
export async function nextUntil(ui: WalkthroughUi, from: StepRef, to: StepRef): Promise<void> {
  for (let step = countOf(ui, from) + 1; step <= countOf(ui, to); step++) {
    await ui.next.click();
    await atStep(ui, step);
  }
}

/** Signs in as the demo user inside the frame and answers the consent page. */
export async function signInAndAnswer(ui: WalkthroughUi, answer: 'Approve' | 'Deny'): Promise<void> {
  if (answer === 'Approve') {
    await ui.frame.getByLabel('Username').fill(demoUser.username);
    await ui.frame.getByLabel('Password').fill(demoUser.password);
  }
  await ui.frame.getByRole('button', { name: answer }).click();
}

/** Opens an Inspector entry's details (its inputs, headers and bodies). */
export async function openEntry(entry: Locator): Promise<void> {
  const details = entry.locator('details').first();
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await entry.locator('summary').first().click();
}
