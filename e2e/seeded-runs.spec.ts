import { expect, test, type Browser, type Page } from '@playwright/test';
import { pkce } from '../src/flows/pkce';
import { ENDPOINTS, flowPath, route, stepAnchor } from './fixtures';
import { atStep, nextUntil, walkthroughOf, type WalkthroughUi } from './walkthrough-page';

/**
 * Seeded, shareable runs: `?seed=<word>` gives the same state, code_verifier and code on every screen,
 * "Share this run" copies a link that restores the run at its step, and "Print this run" lists every
 * step with the run's real values. Each learner is a browser context of their own (their own learner id).
 */

const FLOW = pkce;

async function learner(browser: Browser) {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  return context.newPage();
}

async function openSeeded(page: Page, seed: string, hash = ''): Promise<WalkthroughUi> {
  await page.goto(`${flowPath(FLOW)}?seed=${seed}${hash}`);
  const ui = walkthroughOf(page, FLOW);
  await expect(ui.walkthrough).toHaveAttribute('data-ready', 'true');
  return ui;
}

/** The print view, opened from the walk-through. */
async function printView(page: Page) {
  await page.getByRole('button', { name: 'Print this run' }).click();
  const view = page.getByRole('dialog', { name: `${FLOW.title}: this run, step by step` });
  await expect(view).toBeVisible();
  return view;
}

/** What a run shows: the state and code in the frame's address, the code_verifier the token request sent. */
async function runValues(ui: WalkthroughUi) {
  const address = new URL(await ui.address.inputValue());
  const view = await printView(ui.page);
  const tokenRequest = view.getByRole('article').filter({ has: ui.page.getByRole('heading', { name: route`^POST ${ENDPOINTS.token}` }) });
  const printed = (await tokenRequest.textContent()) ?? '';
  await view.getByRole('button', { name: 'Close print view' }).click();
  return {
    state: address.searchParams.get('state'),
    code: address.searchParams.get('code'),
    // Ours are 43 characters (32 random bytes); the printed text runs on into the next label.
    code_verifier: /code_verifier=([A-Za-z0-9_-]{43})/.exec(printed)?.[1],
  };
}

test('the same seed gives the same state, code_verifier and code in two browser contexts', async ({ browser }) => {
  test.setTimeout(90_000);
  const seed = `e2e-${test.info().workerIndex}-${Date.now()}`;
  const runs = [];
  for (const page of [await learner(browser), await learner(browser)]) {
    const ui = await openSeeded(page, seed);
    await expect(ui.walkthrough.getByText(`Seeded run “${seed}”`)).toBeVisible();
    await nextUntil(ui, 0, 'token-request');
    runs.push(await runValues(ui));
  }
  expect(runs[0]!.state).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(runs[0]!.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(runs[0]!.code_verifier).toBeDefined();
  expect(runs[1]).toEqual(runs[0]);

  // Another seed, another run.
  const other = await openSeeded(await learner(browser), `${seed}-other`);
  await nextUntil(other, 0, 'token-request');
  const otherValues = await runValues(other);
  expect(otherValues.code).not.toBe(runs[0]!.code);
  expect(otherValues.state).not.toBe(runs[0]!.state);
});

test('"Share this run" copies a link that restores the run at its step in another browser context', async ({ browser }) => {
  test.setTimeout(90_000);
  const seed = `share-${test.info().workerIndex}-${Date.now()}`;
  const instructor = await openSeeded(await learner(browser), seed);
  await nextUntil(instructor, 0, 'check-state');
  await instructor.page.getByRole('button', { name: 'Share this run' }).click();
  const link = instructor.page.getByRole('textbox', { name: 'Link to this run' });
  await expect(link).toHaveValue(new RegExp(`\\?seed=${seed}#${stepAnchor({ id: 'check-state' })}$`));
  const copied = await instructor.page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await link.inputValue());

  const student = await learner(browser);
  await student.goto(copied);
  const ui = walkthroughOf(student, FLOW);
  // The link plays every step up to its own for real, a short pause between them.
  await expect(ui.status).toContainText(`Step ${ui.number('check-state')} of ${ui.steps}`, { timeout: 30_000 });
  // The same code and state as on the instructor's screen, in the student's own namespace.
  await expect(ui.address).toHaveValue(await instructor.address.inputValue());
});

test('sharing an unseeded run seeds it and replays it to the same step', async ({ browser }) => {
  const page = await learner(browser);
  await page.goto(flowPath(FLOW));
  const ui = walkthroughOf(page, FLOW);
  await expect(ui.next).toBeEnabled();
  await nextUntil(ui, 0, 'create-verifier');
  await page.getByRole('button', { name: 'Share this run' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?seed=run-[a-z2-9]{8}#${stepAnchor({ id: 'create-verifier' })}$`));
  await atStep(ui, 'create-verifier');
  await expect(ui.walkthrough.getByText(/^Seeded run “run-/)).toBeVisible();
});

test('"Print this run" lists every step, with its prose and the real values of the run', async ({ browser }) => {
  const ui = await openSeeded(await learner(browser), `print-${Date.now()}`);
  await nextUntil(ui, 0, 'token-request');
  const code = new URL(await ui.address.inputValue()).searchParams.get('code')!;
  const view = await printView(ui.page);
  for (const [index, step] of FLOW.steps.entries()) {
    await expect(view.getByRole('heading', { name: `${index + 1}. ${step.label}`, exact: true })).toBeVisible();
  }
  const ran = FLOW.steps.findIndex((step) => step.id === 'token-request') + 1;
  await expect(view.getByText('Not run yet in this run.')).toHaveCount(FLOW.steps.length - ran);
  // The real values, unmasked: the code the frame received, in the token request's body.
  await expect(view.getByText(new RegExp(`code=${code}`))).not.toHaveCount(0);
  await expect(view.getByText('✓ passed').first()).toBeVisible();
  // The client's own secret values, which the Inspector masks on screen, are printed as they are.
  await expect(view.getByText(/code_verifier=[A-Za-z0-9_-]{43}\b/)).not.toHaveCount(0);
  await closePrintView(view.page());
});

/** Closes the print view; focus returns to its button. */
async function closePrintView(page: Page) {
  await page.getByRole('button', { name: 'Close print view' }).click();
  await expect(page.getByRole('button', { name: 'Print this run' })).toBeFocused();
}
