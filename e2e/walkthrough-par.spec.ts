import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { par } from '../src/flows/par';

/**
 * The live walk-through of Pushed Authorization Requests, as the web app `par-app`, which must push:
 * the request goes on the back channel, the browser carries only client_id and request_uri.
 */

const FLOW = par;

test.beforeEach(() => test.slow());

test('the app pushes its request, the browser URL holds only client_id and request_uri, and the flow ends with tokens and the API', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);

  await nextUntil(ui, 0, 'push-request');
  const push = ui.entry(route`^POST ${ENDPOINTS.par}`);
  await expect(push).toContainText('201');
  await expect(push).toContainText('code_challenge=');
  await expect(push).toContainText('urn:ietf:params:oauth:request_uri:');

  await nextUntil(ui, 'push-request', 'push-response');
  await expect(ui.entry(/^request pushed/)).toContainText('passed');
  await expect(ui.entry(/^request_uri received/)).toContainText('passed');

  await nextUntil(ui, 'push-response', 'authorization-request');
  const address = new URL(await ui.address.inputValue());
  expect(address.pathname).toBe(ENDPOINTS.authorize);
  expect([...address.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  expect(address.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  await expect(ui.entry(/^request_uri valid/)).toContainText('passed');

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${CLIENT_PAGES.callback}\?.*code=.+`);

  await nextUntil(ui, 'user-decides', 'check-state');
  await expect(ui.entry(/^state matches/)).toContainText('passed');

  await nextUntil(ui, 'check-state', 'api-response');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toContainText('200');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiMe}`)).toContainText('200');
});

test('opening the same request_uri again is refused with invalid_request_uri', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'reuse-request-uri');

  await expect(ui.address).toHaveValue(route`${ENDPOINTS.authorize}\?client_id=par-app&request_uri=`);
  await expect(ui.frame.getByText('invalid_request_uri')).toBeVisible();
  const reuse = ui.entry(/^request_uri valid/).last();
  await expect(reuse).toContainText('failed');
  await expect(reuse).toContainText('already used');
  await expect(ui.walkthrough).toContainText('refused with invalid_request_uri');
  await expect(ui.next).toBeDisabled();
});
