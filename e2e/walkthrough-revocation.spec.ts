import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { revocation, WRONG_INTROSPECTION_SECRET } from '../src/flows/revocation';

/**
 * The live walk-through of revocation and introspection: real tokens from a real Authorization
 * Code grant, introspection says active, the app revokes the refresh token, and introspection,
 * the API and the token endpoint then all treat the grant as gone.
 */

const FLOW = revocation;

// Each journey makes a few dozen real requests and redraws the Inspector after each step: allow for a busy machine.
test.slow();

test('after revoking the refresh token, introspection says active:false and the API rejects the access token', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await expect(ui.browser).toContainText('No browser in this flow');

  await nextUntil(ui, 0, 'holds-tokens');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`)).toContainText('grant_type=authorization_code');
  const before = ui.entry(route`^POST ${ENDPOINTS.introspect}`);
  await expect(before).toHaveCount(1);
  await expect(before).toContainText(/"active":\s*true/);
  await expect(ui.entry(/^tokens active/)).toContainText('passed');

  await nextUntil(ui, 'holds-tokens', 'revocation-response');
  const revoke = ui.entry(route`^POST ${ENDPOINTS.revoke}`).first();
  await expect(revoke).toContainText('token_type_hint=refresh_token');
  await expect(revoke).toContainText('200');
  await expect(ui.entry(/^token belongs to client/)).toContainText('passed');
  await expect(ui.entry(/^unknown token answered 200 too/)).toContainText('passed');

  await nextUntil(ui, 'revocation-response', 'api-request');
  const api = ui.entry(route`^GET ${ENDPOINTS.apiMe}`);
  await expect(api).toContainText('401');
  await expect(api).toContainText('error="invalid_token"');

  await nextUntil(ui, 'api-request', 'introspection-response');
  const after = ui.entry(route`^POST ${ENDPOINTS.introspect}`).nth(1);
  await expect(after).toContainText(/"active":\s*false/);
  await expect(ui.entry(/^token inactive/)).toContainText('passed');

  await nextUntil(ui, 'introspection-response', 'invalid-token');
  await expect(ui.entry(/^API rejects the revoked grant/)).toContainText('passed');

  await nextUntil(ui, 'invalid-token', 'invalid-grant');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).nth(1)).toContainText('invalid_grant');
  await expect(ui.entry(/^refresh refused/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('introspection with a wrong client secret is refused with 401 invalid_client', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'api-request');
  await page.getByRole('button', { name: WRONG_INTROSPECTION_SECRET.label }).click();
  await atStep(ui, 'introspection-request');
  const refused = ui.entry(route`^POST ${ENDPOINTS.introspect}`).nth(1);
  await expect(refused).toContainText('401');
  await expect(refused).toContainText('invalid_client');
  await expect(ui.entry(/^client authenticated/)).toContainText('failed');
  await expect(ui.walkthrough).toContainText('Only authenticated callers may ask about tokens');
  await expect(ui.next).toBeDisabled();
});
