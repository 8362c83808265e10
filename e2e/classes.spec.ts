import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { authorizationCode } from '../src/flows/authorization-code';
import { clientCredentials, WRONG_CLIENT_SECRET } from '../src/flows/client-credentials';
import type { FlowDefinition } from '../src/flows/types';
import { questionBefore } from '../src/classroom/questions';
import { CLIENT_PAGES, ENDPOINTS, JOIN_PAGE, route } from './fixtures';
import { openEntry, openWalkthrough, walkthroughOf, type WalkthroughUi } from './walkthrough-page';

/**
 * A class, with two browser contexts: the instructor's and a learner's, each with its own learner id.
 * The instructor starts a class, the learner joins by code and follows, detaches and rejoins, and a
 * question is asked, answered, tallied and revealed.
 */

const FLOW = authorizationCode;
const stepOf = (id: string) => FLOW.steps.findIndex((step) => step.id === id) + 1;

/** The walk-through's own status line (the follower's banner is a second status, named apart). */
function withStepStatus(ui: WalkthroughUi): WalkthroughUi {
  return { ...ui, status: ui.walkthrough.getByRole('status').filter({ hasText: /Step \d+ of/ }) };
}

/** `timeout` for a run over many steps (End and Home play them one by one). */
async function at(ui: WalkthroughUi, step: number, timeout?: number): Promise<void> {
  // Back at the start the status line says the walk-through is ready; the step count still shows.
  if (step === 0) await expect(ui.walkthrough.getByText(`Step 0 of ${ui.steps}`, { exact: true })).toHaveCount(1, { timeout });
  else await expect(ui.status).toContainText(`Step ${step} of ${ui.steps}`, { timeout });
}

/** The access token the token exchange returned, revealed in the Inspector. */
async function accessToken(ui: WalkthroughUi): Promise<string> {
  const exchange = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await openEntry(exchange);
  await exchange.getByRole('button', { name: 'Reveal' }).click();
  const body = exchange.getByLabel('Response body');
  await expect(body).toContainText(/"access_token": "ey/);
  return /"access_token": "([\w.-]+)"/.exec((await body.textContent()) ?? '')![1]!;
}

/** Accessibility violations of the classroom panel as it is now (its live parts are hidden at page load). */
async function classroomViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('[data-classroom]').analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('an instructor starts a class; a learner joins by code, follows, detaches, rejoins and answers a question', async ({ browser }) => {
  test.setTimeout(180_000);
  const teacherPage = await newPage(browser);
  const learnerPage = await newPage(browser);
  const teacher = withStepStatus(await openWalkthrough(teacherPage, FLOW));

  await teacherPage.getByRole('button', { name: 'Start a class' }).click();
  const panel = teacherPage.getByRole('region', { name: 'Your class' });
  await expect(panel.getByText('0 learners connected')).toBeVisible();
  const link = panel.getByRole('link', { name: route`${JOIN_PAGE}\?code=` });
  await expect(panel.getByRole('img', { name: 'QR code of the join link' })).toBeVisible();
  const code = new URL((await link.getAttribute('href'))!).searchParams.get('code')!;
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);

  // The learner types the code as heard: lower case, with a space.
  await learnerPage.goto(JOIN_PAGE);
  await learnerPage.getByRole('textbox', { name: 'Class code' }).fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
  await learnerPage.getByRole('button', { name: 'Join' }).click();
  await expect(learnerPage).toHaveURL(new RegExp(`/flows/${FLOW.slug}/\\?class=${code}`));
  const learner = withStepStatus(walkthroughOf(learnerPage, FLOW));
  await expect(learner.next).toBeEnabled();
  const banner = learnerPage.getByRole('status').filter({ hasText: 'Following the instructor' });
  await expect(banner).toBeVisible();
  await expect(panel.getByText('1 learner connected')).toBeVisible();

  // The instructor steps three times; the learner's walk-through follows, running each step itself.
  for (let step = 1; step <= 3; step++) {
    await teacher.next.click();
    await at(teacher, step);
    await at(learner, step);
  }
  await expect(learner.frame.getByRole('button', { name: 'Approve' })).toBeVisible();

  // On to the token exchange (the instructor answers the consent for the user): each has its own token.
  await teacherPage.getByRole('button', { name: 'Approve', exact: true }).click();
  await at(teacher, 4);
  for (let step = 5; step <= stepOf('check-state'); step++) {
    await teacher.next.click();
    await at(teacher, step);
  }
  await at(learner, stepOf('check-state'));

  // The next step has a question: the learner sees it before the step runs.
  const question = questionBefore(FLOW, stepOf('check-state'))!;
  const choices = learnerPage.getByRole('radiogroup', { name: question.text });
  await expect(choices).toBeVisible();
  await expect(panel.getByText('0 answers')).toBeVisible();
  await choices.getByRole('radio', { name: question.options[question.answer]! }).check();
  await learnerPage.getByRole('button', { name: 'Submit answer' }).click();
  await expect(panel.getByText(/^1 answers?$/)).toBeVisible();
  await expect(learnerPage.getByText('Answer sent.')).toBeVisible();
  expect(await classroomViolations(teacherPage)).toEqual([]);
  expect(await classroomViolations(learnerPage)).toEqual([]);
  // The bars stay hidden until the reveal.
  const bars = panel.getByRole('list');
  await expect(bars).toBeHidden();
  // On the projector, the stage view shows the class big: code, count and tally, with its own "Reveal".
  await teacherPage.getByRole('button', { name: 'Present' }).click();
  const stageClass = teacherPage.getByRole('dialog').getByRole('complementary', { name: 'Class' });
  await expect(stageClass).toContainText(`${code.slice(0, 3)} ${code.slice(3)}`);
  await expect(stageClass).toContainText('1 learner connected');
  await expect(stageClass).toContainText(/1 answers?/);
  await expect(stageClass.getByRole('img', { name: /^QR code of / })).toBeVisible();
  await expect(stageClass.getByRole('list')).toHaveCount(0);
  await stageClass.getByRole('button', { name: 'Reveal' }).click();
  await expect(stageClass.getByRole('list')).toContainText(`✓ ${question.options[question.answer]}: 1`);
  await teacherPage.keyboard.press('Escape');
  await expect(teacherPage.getByRole('dialog')).toBeHidden();
  await expect(bars).toBeVisible();
  await expect(bars).toContainText(`${question.options[question.answer]}: 1`);
  await expect(learnerPage.getByText(`Right: “${question.options[question.answer]}”.`)).toBeVisible();
  await expect(learnerPage.getByText(question.explanation)).toBeVisible();

  // Then the step runs, for everyone.
  await teacher.next.click();
  await at(teacher, stepOf('token-request'));
  await at(learner, stepOf('token-request'));
  const [teacherToken, learnerToken] = [await accessToken(teacher), await accessToken(learner)];
  expect(learnerToken).not.toBe(teacherToken);

  // "Stop following": the learner stays put while the instructor moves on…
  await learnerPage.getByRole('button', { name: 'Stop following' }).click();
  await expect(learnerPage.getByRole('status').filter({ hasText: 'Not following the instructor' })).toBeVisible();
  await teacher.next.click();
  await at(teacher, stepOf('verify-code'));
  await expect(learnerPage.getByRole('status').filter({ hasText: `at step ${stepOf('verify-code')} of` })).toBeVisible();
  await at(learner, stepOf('token-request'));
  // …and "Follow the instructor" catches up.
  await learnerPage.getByRole('button', { name: 'Follow the instructor' }).click();
  await expect(banner).toBeVisible();
  await at(learner, stepOf('verify-code'));

  // Any step control detaches too.
  await learner.previous.click();
  await expect(learnerPage.getByRole('button', { name: 'Follow the instructor' })).toBeVisible();
  await at(learner, stepOf('token-request'));

  await panel.getByRole('button', { name: 'End the class' }).click();
  await expect(learnerPage.getByRole('status').filter({ hasText: 'The class has ended.' })).toBeVisible();
  await expect(teacherPage.getByRole('button', { name: 'Start a class' })).toBeVisible();
});

test('a late joiner lands on the current step; a wrong code is refused on /join/', async ({ browser }) => {
  test.setTimeout(120_000);
  const teacherPage = await newPage(browser);
  const teacher = withStepStatus(await openWalkthrough(teacherPage, FLOW));
  await teacher.next.click();
  await at(teacher, 1);
  await teacherPage.getByRole('button', { name: 'Start a class' }).click();
  const link = teacherPage.getByRole('link', { name: route`${JOIN_PAGE}\?code=` });
  await teacher.next.click();
  await at(teacher, 2);
  await expect(link).toBeVisible();

  const learnerPage = await newPage(browser);
  await learnerPage.goto(JOIN_PAGE);
  await learnerPage.getByRole('textbox', { name: 'Class code' }).fill('ABC0EF');
  await learnerPage.getByRole('button', { name: 'Join' }).click();
  await expect(learnerPage.getByRole('alert')).toContainText('That is not a class code');

  // The join link fills the code in and joins.
  await learnerPage.goto((await link.getAttribute('href'))!);
  await expect(learnerPage).toHaveURL(/\?class=/);
  const learner = withStepStatus(walkthroughOf(learnerPage, FLOW));
  await expect(learner.next).toBeEnabled();
  await expect(learnerPage.getByRole('status').filter({ hasText: 'Following the instructor' })).toBeVisible();
  await at(learner, 2);
  await expect(learner.address).toHaveValue(route`${ENDPOINTS.authorize}\?`);
});

/** The instructor starts a class of `flow` at step 0; a learner joins by the join link and follows. */
async function classOf(browser: Browser, flow: FlowDefinition): Promise<{ teacher: WalkthroughUi; learner: WalkthroughUi }> {
  const teacherPage = await newPage(browser);
  const teacher = withStepStatus(await openWalkthrough(teacherPage, flow));
  await teacherPage.getByRole('button', { name: 'Start a class' }).click();
  const link = teacherPage.getByRole('link', { name: route`${JOIN_PAGE}\?code=` });
  await expect(link).toBeVisible();
  const learnerPage = await newPage(browser);
  await learnerPage.goto((await link.getAttribute('href'))!);
  const learner = withStepStatus(walkthroughOf(learnerPage, flow));
  // A cold page under load can take a while to load its walk-through.
  await expect(learner.next).toBeEnabled({ timeout: 20_000 });
  await expect(learnerPage.getByRole('status').filter({ hasText: 'Following the instructor' })).toBeVisible();
  await expect(teacherPage.getByRole('region', { name: 'Your class' }).getByText('1 learner connected')).toBeVisible();
  return { teacher, learner };
}

test('the instructor denies at the consent page: the follower’s own run is denied too', async ({ browser }) => {
  test.setTimeout(120_000);
  const { teacher, learner } = await classOf(browser, FLOW);
  const consent = FLOW.steps.findIndex((step: FlowDefinition['steps'][number]) => step.decision);
  for (let step = 1; step <= consent; step++) {
    await teacher.next.click();
    await at(teacher, step);
  }
  await at(learner, consent);
  await teacher.page.getByRole('button', { name: 'Deny', exact: true }).click();
  await at(teacher, consent + 1);
  await at(learner, consent + 1);
  await expect(learner.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*error=access_denied`);
  await teacher.next.click();
  await expect(teacher.walkthrough).toContainText('The user denied the request');
  await at(learner, consent + 2);
  await expect(learner.walkthrough).toContainText('The user denied the request');
  await expect(learner.inspector).toContainText('access_denied');

  // The instructor goes back and approves this time: the follower goes back and approves too.
  await teacher.previous.click();
  await at(teacher, consent + 1);
  await teacher.previous.click();
  await at(teacher, consent);
  await teacher.page.getByRole('button', { name: 'Approve', exact: true }).click();
  await at(teacher, consent + 1);
  await at(learner, consent + 1);
  await expect(learner.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*code=`);
});

test('the instructor picks a learner action; Previous, Home and End on the stage move the follower too', async ({ browser }) => {
  test.setTimeout(150_000);
  const { teacher, learner } = await classOf(browser, clientCredentials);
  const last = clientCredentials.steps.length;
  await teacher.action(WRONG_CLIENT_SECRET.label).click();
  await at(teacher, 1);
  await at(learner, 1);
  // The learner's own request went with a wrong secret, and was refused.
  const tokenRequest = learner.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toContainText('401');
  await expect(tokenRequest).toContainText('invalid_client');
  await expect(learner.next).toBeDisabled();

  // Previous, then the default step: the follower goes back and runs it with the right secret.
  await teacher.previous.click();
  await at(teacher, 0);
  await at(learner, 0);
  await teacher.next.click();
  await at(teacher, 1);
  await at(learner, 1);
  await expect(learner.entry(route`^POST ${ENDPOINTS.token}`)).toContainText('200');

  // On the stage: End runs to the last step, Home back to the start, for the class as well.
  await teacher.page.getByRole('button', { name: 'Present' }).click();
  await expect(teacher.page.getByRole('dialog')).toBeVisible();
  await teacher.page.keyboard.press('End');
  await at(teacher, last, 60_000);
  await at(learner, last, 60_000);
  await teacher.page.keyboard.press('Home');
  await at(teacher, 0, 60_000);
  await at(learner, 0, 60_000);
  await expect(learner.page.getByRole('status').filter({ hasText: 'Following the instructor' })).toBeVisible();
});

test('a self-paced learner gets the question as an optional card: answer it, or skip it', async ({ page }) => {
  const ui = withStepStatus(await openWalkthrough(page, FLOW));
  const card = page.getByRole('region', { name: 'Predict before you step' });
  await expect(card).toBeHidden();
  // Run to the step before the first question.
  const before = stepOf('check-state') - 1;
  await page.goto(`/flows/${FLOW.slug}/#step-${FLOW.steps[before - 1]!.id}`);
  await page.getByRole('button', { name: 'Run to this step' }).click();
  await at(ui, before);
  const question = questionBefore(FLOW, before)!;
  await expect(card).toBeVisible();
  const wrong = question.options.findIndex((_, index) => index !== question.answer);
  await card.getByRole('radiogroup', { name: question.text }).getByRole('radio', { name: question.options[wrong]! }).check();
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card).toContainText(`Not quite. The answer: “${question.options[question.answer]}”.`);
  await expect(card).toContainText(question.explanation);
  expect(await classroomViolations(page)).toEqual([]);
  // The step runs as usual; the next question can be skipped.
  await ui.next.click();
  await at(ui, before + 1);
  await expect(card.getByRole('radiogroup', { name: questionBefore(FLOW, before + 1)!.text })).toBeVisible();
  await card.getByRole('button', { name: 'Skip' }).click();
  await expect(card).toBeHidden();
});
