import { expect, test, type Page } from '@playwright/test';
import { authorizationCode } from '../src/flows/authorization-code';
import { stepAnchor } from './fixtures';
import { atStep, nextUntil, openWalkthrough } from './walkthrough-page';

/**
 * The stage view ("Present") for a projector: the diagram with its current arrow, the current step's
 * prose and the newest Inspector entry all on screen at once, driven by keys only.
 */

const FLOW = authorizationCode;

function stageOf(page: Page) {
  const stage = page.getByRole('dialog', { name: new RegExp(`^${FLOW.title} · Step`) });
  return {
    stage,
    heading: stage.getByRole('heading', { level: 2 }).first(),
    arrow: stage.locator('g.message.is-current'),
    prose: stage.getByRole('region', { name: 'Step text' }),
    entries: stage.getByRole('region', { name: 'Step entries' }).getByRole('listitem').filter({ has: page.locator('summary') }),
  };
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  // No screenshot per step: the trace a failed test keeps (`trace: 'retain-on-failure'`) holds one per action.
  test(`stage view at ${viewport.width}×${viewport.height}: the highlighted arrow, the current prose and the newest Inspector entry are on screen at every step`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const ui = await openWalkthrough(page, FLOW);
    await page.getByRole('button', { name: 'Present' }).click();
    const { stage, heading, arrow, prose, entries } = stageOf(page);
    await expect(stage).toBeVisible();
    await expect(stage.getByRole('button', { name: 'Next step' })).toBeFocused();
    await expect(heading).toHaveText(`${FLOW.title} · Step 0 of ${FLOW.steps.length}`);

    for (const [index, step] of FLOW.steps.entries()) {
      await page.keyboard.press(index % 2 ? 'Space' : 'ArrowRight');
      await expect(heading).toHaveText(`${FLOW.title} · Step ${index + 1} of ${FLOW.steps.length}`);
      await expect(arrow.first()).toHaveAttribute('data-step-id', step.id);
      // Whole, but for subpixel rounding of the scaled SVG.
      await expect(arrow.first()).toBeInViewport({ ratio: 0.99 });
      await expect(prose.getByRole('heading', { name: new RegExp(step.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })).toBeInViewport({ ratio: 1 });
      await expect(prose).toBeInViewport({ ratio: 1 });
      // The newest entry the page's Inspector shows is the one on the stage, on screen.
      const newestKey = await ui.entries.last().getAttribute('data-key');
      const newest = entries.and(page.locator(`[data-key="${newestKey}"]`));
      await expect(newest, `step ${index + 1}: ${step.id}`).toHaveCount(1);
      await expect(newest.locator('summary').first()).toBeInViewport({ ratio: 1 });
    }
  });
}

test('stage keys: ← goes back, Home to the start, End to the last step, B blanks, Esc leaves with the state kept both ways', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 2);
  await page.keyboard.press('p');
  const { stage, heading } = stageOf(page);
  // The page's two steps are on the stage.
  await expect(heading).toHaveText(`${FLOW.title} · Step 2 of ${FLOW.steps.length}`);

  await page.keyboard.press('ArrowLeft');
  await expect(heading).toHaveText(`${FLOW.title} · Step 1 of ${FLOW.steps.length}`);
  await page.keyboard.press('End');
  // End plays every remaining step for real, a short pause between them.
  await expect(heading).toHaveText(`${FLOW.title} · Step ${FLOW.steps.length} of ${FLOW.steps.length}`, { timeout: 30_000 });
  await expect(stage.getByText((await ui.walkthrough.locator('[data-outcome]').textContent()) ?? '', { exact: true })).toBeVisible();
  await expect(stage.getByRole('button', { name: 'Next step' })).toBeDisabled();

  await page.keyboard.press('b');
  await expect(stage.getByText('Screen blanked. Press B to show it again.')).toBeVisible();
  await page.keyboard.press('b');
  await expect(stage.getByText('Screen blanked. Press B to show it again.')).toBeHidden();

  await page.keyboard.press('Home');
  await expect(heading).toHaveText(`${FLOW.title} · Step 0 of ${FLOW.steps.length}`, { timeout: 30_000 });

  await page.keyboard.press('ArrowRight');
  await expect(heading).toHaveText(`${FLOW.title} · Step 1 of ${FLOW.steps.length}`);
  await page.keyboard.press('Escape');
  await expect(stage).toBeHidden();
  await expect(page.getByRole('button', { name: 'Present' })).toBeFocused();
  // The step taken on the stage is the page's step; and the page steps on from there.
  await atStep(ui, 1);
  await nextUntil(ui, 1, 2);
  await page.getByRole('button', { name: 'Present' }).press('Enter');
  await expect(heading).toHaveText(`${FLOW.title} · Step 2 of ${FLOW.steps.length}`);
  await stage.getByRole('button', { name: 'Leave stage view' }).press('Enter');
  await expect(stage).toBeHidden();
});

test('on the flow page at 1280×720, stepping keeps the current arrow, the current prose and the newest Inspector entry in view', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  const ui = await openWalkthrough(page, FLOW);
  const figure = page.getByRole('figure', { name: new RegExp(`^${FLOW.title}`) }).first();
  for (const [index, step] of FLOW.steps.entries()) {
    await ui.next.click();
    await atStep(ui, index + 1);
    await expect(figure.locator(`g.message.is-current[data-step-id="${step.id}"]`)).toBeInViewport({ ratio: 0.99 });
    await expect(page.locator(`section#${stepAnchor(step)} h2`)).toBeInViewport({ ratio: 1 });
    // The Inspector shows where this step's entries start (a step the user takes in the frame adds none).
    const newest = ui.entries.and(page.locator(`[data-step-id="${step.id}"]`)).first();
    if ((await newest.count()) > 0) await expect(newest.locator('summary').first()).toBeInViewport({ ratio: 1 });
  }
});
