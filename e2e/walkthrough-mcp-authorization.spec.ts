import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { mcpAuthorization, TOKEN_FOR_ANOTHER_RESOURCE } from '../src/flows/mcp-authorization';

/**
 * The live walk-through of authorization for an MCP server: from a 401 to the protected resource
 * metadata, the authorization server's metadata, registration, a token for the MCP server only, and a tool call.
 */

const FLOW = mcpAuthorization;

test.beforeEach(() => test.slow());

test('401 → resource metadata → registration → a token for the MCP server’s resource → the tool call', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  const mcpResource = route`resource=http%3A%2F%2F[^&]+${encodeURIComponent(ENDPOINTS.mcp)}(&|$)`;

  await nextUntil(ui, 0, 'mcp-unauthorized');
  const first = ui.entry(route`^POST ${ENDPOINTS.mcp}`);
  await expect(first).toContainText('401');
  await expect(first).toContainText(`resource_metadata="`);
  await expect(ui.entry(/^resource_metadata in the challenge/)).toContainText('passed');

  await nextUntil(ui, 'mcp-unauthorized', 'resource-metadata-response');
  await expect(ui.entry(route`^GET ${ENDPOINTS.protectedResourceMetadataMcp}`)).toContainText('"authorization_servers"');
  await expect(ui.entry(/^metadata resource is the MCP server/)).toContainText('passed');

  await nextUntil(ui, 'resource-metadata-response', 'as-metadata-response');
  await expect(ui.entry(route`^GET ${ENDPOINTS.metadata}`)).toContainText('"registration_endpoint"');
  await expect(ui.entry(/^S256 supported/)).toContainText('passed');
  await expect(ui.entry(/^registration method chosen/)).toContainText('passed');

  await nextUntil(ui, 'as-metadata-response', 'register-response');
  const registration = ui.entry(route`^POST ${ENDPOINTS.register}`);
  await expect(registration).toContainText('201');
  await expect(registration).toContainText('"client_id_issued_at"');
  await expect(ui.entry(/^client_id received/)).toContainText('passed');

  await nextUntil(ui, 'register-response', 'authorization-request');
  await expect(ui.address).toHaveValue(mcpResource);
  await expect(ui.address).toHaveValue(/[?&]code_challenge_method=S256/);

  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');

  await nextUntil(ui, 'user-decides', 'token-response');
  const tokenRequest = ui.entry(route`^POST ${ENDPOINTS.token}`);
  await expect(tokenRequest).toContainText(route`resource=http://[^&]+${ENDPOINTS.mcp}Response`);
  await expect(tokenRequest).toContainText('200');
  await expect(ui.entry(/^token audience/)).toContainText('passed');

  await nextUntil(ui, 'token-response', 'mcp-response');
  const call = ui.entry(route`^POST ${ENDPOINTS.mcp}`).last();
  await expect(call).toContainText('200');
  await expect(call).toContainText('Tea party');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a token for another resource is refused by the MCP server with invalid_token', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await nextUntil(ui, 0, 'register-response');

  await ui.action(TOKEN_FOR_ANOTHER_RESOURCE.label).click();
  await atStep(ui, 'redirect-to-authorize');
  await nextUntil(ui, 'redirect-to-authorize', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'mcp-response');

  const call = ui.entry(route`^POST ${ENDPOINTS.mcp}`).last();
  await expect(call).toContainText('401');
  await expect(call).toContainText('error="invalid_token"');
  await expect(ui.entry(/^MCP server refuses the token/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('a token for another resource is refused');
  await expect(ui.next).toBeDisabled();
});
