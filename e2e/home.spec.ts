import { expect, test } from '@playwright/test';
import { flowPages, guidePages } from './site-pages';

test('home page names the site and starts with the Authorization Code flow', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('OAuth Sequence Lab');
  await page.getByRole('link', { name: 'Start with the Authorization Code flow' }).click();
  await expect(page).toHaveURL(/\/flows\/authorization-code\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authorization Code');
});

test('home page lists every flow that has a page, and every guide', async ({ page }) => {
  await page.goto('/');
  const flows = page.locator('section', { has: page.getByRole('heading', { name: 'The flows' }) });
  for (const f of flowPages) await expect(flows.getByRole('link', { name: f.title, exact: true })).toHaveAttribute('href', f.path);
  await expect(flows.getByRole('listitem')).toHaveCount(flowPages.length);
  const guides = page.locator('section', { has: page.getByRole('heading', { name: 'Guides', exact: true }) });
  for (const g of guidePages) await expect(guides.getByRole('link', { name: g.title, exact: true })).toHaveAttribute('href', g.path);
});

test('"What are you building?" recommends a flow', async ({ page }) => {
  await page.goto('/');
  const picker = page.locator('section', { has: page.getByRole('heading', { name: 'What are you building?' }) });
  await picker.getByRole('radio', { name: /web app with its own server/ }).check();
  const link = picker.getByRole('link', { name: /Authorization Code/ });
  await expect(link).toHaveAttribute('href', '/flows/authorization-code/');
  await link.click();
  await expect(page).toHaveURL(/\/flows\/authorization-code\/$/);
});

test('"What are you building?" sends sign-in to OpenID Connect and AI agents to MCP authorization', async ({ page }) => {
  await page.goto('/');
  const picker = page.locator('section', { has: page.getByRole('heading', { name: 'What are you building?' }) });
  for (const [choice, flow] of [['Sign users in', 'openid-connect'], ['An AI agent or MCP client', 'mcp-authorization']]) {
    await picker.getByRole('radio', { name: choice, exact: true }).check();
    await expect(picker.getByRole('link', { name: /^Use the .* flow/ })).toHaveAttribute('href', `/flows/${flow}/`);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"What are you building?" is a list of choices with links', async ({ page }) => {
    await page.goto('/');
    const picker = page.locator('section', { has: page.getByRole('heading', { name: 'What are you building?' }) });
    await expect(picker.getByRole('radio')).toHaveCount(0);
    await expect(picker.getByRole('link', { name: 'Authorization Code', exact: true })).toHaveAttribute('href', '/flows/authorization-code/');
  });
});

test('home page explains how to teach a class', async ({ page }) => {
  await page.goto('/');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Teaching a class' }) });
  await expect(section).toContainText('←');
  await expect(section).toContainText('full screen');
  await expect(section).toContainText('#step-');
});
