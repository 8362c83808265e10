import { expect, test } from '@playwright/test';
import { attacks, lessonPath } from '../src/flows/attacks';
import { JOIN_PAGE, route } from './fixtures';
import { walkthroughOf } from './walkthrough-page';

/** A class runs on an attack lesson's page too: the instructor gets a join code, and a learner who joins lands on that lesson. */
test('an instructor starts a class on an attack lesson; a learner joins by code and lands on the lesson', async ({ browser }) => {
  const lesson = attacks[0]!;
  const teacherPage = await (await browser.newContext()).newPage();
  const learnerPage = await (await browser.newContext()).newPage();
  await teacherPage.goto(lessonPath(lesson));
  const teacher = walkthroughOf(teacherPage, lesson);
  await expect(teacher.next).toBeEnabled();

  await teacherPage.getByRole('button', { name: 'Start a class' }).click();
  const panel = teacherPage.getByRole('region', { name: 'Your class' });
  const link = panel.getByRole('link', { name: route`${JOIN_PAGE}\?code=` });
  await expect(link).toBeVisible();
  const code = new URL((await link.getAttribute('href'))!).searchParams.get('code')!;
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  await expect(panel.getByText(code)).toBeVisible();

  await learnerPage.goto(JOIN_PAGE);
  await learnerPage.getByRole('textbox', { name: 'Class code' }).fill(code);
  await learnerPage.getByRole('button', { name: 'Join' }).click();
  await expect(learnerPage).toHaveURL(new RegExp(`${lessonPath(lesson)}\\?class=${code}`));
  await expect(learnerPage.getByRole('status').filter({ hasText: 'Following the instructor' })).toBeVisible();
});
