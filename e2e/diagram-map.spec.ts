import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { getFlow } from '../src/flows/index.ts';
import { COLOUR_RULES, violations } from './axe';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer } from './walkthrough-page';

/**
 * The diagram is the map: every arrow links to its step's prose; with the walk-through loaded,
 * an arrow of a step that has run opens that step's Inspector entries, and an entry points back
 * at its arrow.
 */

const flow = getFlow('authorization-code');
const FLOW_PAGE = `/flows/${flow.slug}/`;
const number = (id: string) => flow.steps.findIndex((s) => s.id === id) + 1;
const label = (id: string) => flow.steps.find((s) => s.id === id)!.label;

const diagramOf = (page: Page) =>
  page.getByRole('figure', { name: `${flow.title} — sequence diagram`, exact: true }).getByRole('group', { name: /sequence diagram/ });
const arrowOf = (page: Page, id: string) => diagramOf(page).getByRole('link', { name: `Step ${number(id)}: ${label(id)}`, exact: true });

/** Runs the walk-through through step `n`, approving on the consent page. */
async function walkTo(page: Page, n: number) {
  const ui = await openWalkthrough(page, flow);
  await nextUntil(ui, 0, 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', n);
  return ui;
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('an arrow is a plain link to its step’s prose', async ({ page }) => {
    await page.goto(FLOW_PAGE);
    const arrow = arrowOf(page, 'token-request');
    await expect(arrow).toHaveAttribute('href', '#step-token-request');
    await arrow.click();
    await expect(page).toHaveURL(/#step-token-request$/);
    await expect(page.locator('#step-token-request')).toBeInViewport();
  });

  test('the arrows are reachable by Tab, in step order, named and with a visible focus', async ({ page }) => {
    await page.goto(FLOW_PAGE);
    await page.getByRole('region', { name: `${flow.title} diagram, scrollable` }).focus();
    for (const [i, step] of flow.steps.slice(0, 3).entries()) {
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      await expect(focused).toHaveAccessibleName(`Step ${i + 1}: ${step.label}`);
      expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
      expect(parseFloat(await focused.evaluate((el) => getComputedStyle(el).outlineWidth))).toBeGreaterThanOrEqual(2);
    }
  });
});

test.describe('with the walk-through loaded', () => {
  test('the arrow of the token request, once run, opens and focuses its POST /oauth/token entry', async ({ page }) => {
    const ui = await walkTo(page, number('token-response'));
    const tokenEntry = ui.entry(/^POST \/oauth\/token/);
    // Closed, as the learner may have left it, so the arrow has something to open.
    const details = tokenEntry.locator('details').first();
    if (await details.evaluate((d) => (d as HTMLDetailsElement).open)) await tokenEntry.locator('summary').first().click();
    await expect(details).not.toHaveAttribute('open');

    await arrowOf(page, 'token-request').click();
    await expect(details).toHaveAttribute('open', '');
    await expect(tokenEntry.locator('summary').first()).toBeFocused();
    await expect(tokenEntry.locator('summary').first()).toBeInViewport();
    await expect(tokenEntry).toHaveClass(/\bis-linked\b/);
    // The learner stays where they are: no jump to the prose.
    await expect(page).not.toHaveURL(/#step-token-request$/);

    // With the keyboard: Enter on another arrow that has run moves the focus to its entry.
    await arrowOf(page, 'authorization-request').focus();
    await page.keyboard.press('Enter');
    await expect(ui.entry(/^GET \/oauth\/authorize\?/).locator('summary').first()).toBeFocused();
    await expect(tokenEntry).not.toHaveClass(/\bis-linked\b/);
  });

  test('the arrow of a step still to come offers “Run to this step”', async ({ page }) => {
    const ui = await walkTo(page, number('check-state'));
    await arrowOf(page, 'api-request').click();
    await expect(page).toHaveURL(/#step-api-request$/);
    const runTo = page.getByRole('button', { name: 'Run to this step' });
    await expect(runTo).toBeFocused();
    await runTo.press('Enter');
    await atStep(ui, number('api-request'));
  });

  test('pointing at or focusing an Inspector entry marks its arrow on the diagram', async ({ page }) => {
    const ui = await walkTo(page, number('token-response'));
    const message = (id: string) => diagramOf(page).locator(`g.message[data-step-id="${id}"]`);
    await ui.entry(/^POST \/oauth\/token/).locator('summary').first().hover();
    await expect(message('token-request')).toHaveClass(/\bis-linked\b/);
    await expect(page.locator('g.message.is-linked')).toHaveCount(1);

    await ui.entry(/^state matches/).locator('summary').first().focus();
    await expect(message('check-state')).toHaveClass(/\bis-linked\b/);
    await expect(message('token-request')).not.toHaveClass(/\bis-linked\b/);

    await ui.next.focus();
    await page.mouse.move(0, 0);
    await expect(page.locator('g.message.is-linked')).toHaveCount(0);
  });

  // One walk for both themes: the dark theme changes colours only, so in dark the colour rules are what is left to run.
  test('axe finds nothing on the linked diagram and Inspector (light; colours in dark too)', async ({ page }) => {
    test.setTimeout(90_000); // a walk to the token response, then axe twice over the diagram and the Inspector, as in a11y.spec.ts
    await page.emulateMedia({ colorScheme: 'light' });
    await walkTo(page, number('token-response'));
    await arrowOf(page, 'token-request').click();
    await arrowOf(page, 'verify-code').focus();
    const scan = () => new AxeBuilder({ page }).include('figure[data-diagram-for]').include('[data-walkthrough-for]');
    expect(violations(await scan().analyze()), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    expect(violations(await scan().withRules(COLOUR_RULES).analyze()), 'dark').toEqual([]);
  });
});
