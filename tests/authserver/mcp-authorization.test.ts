import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { MAX_REGISTRATIONS_PER_LEARNER } from '../../src/authserver/endpoints/register';
import { CALLBACK, exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, ORIGIN, postForm, postJson, readJson, webAppAuthorization, webAuth } from './helpers';

const server = newServer();
const MCP = `${ORIGIN}/mcp`;
const API = `${ORIGIN}/api`;
const VERIFIER = 'm'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

async function register(cookie: string, metadata: Record<string, unknown> = {}) {
  return postJson(
    server,
    '/oauth/register',
    { client_name: 'Agent', redirect_uris: [CALLBACK], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], ...metadata },
    { cookie },
  );
}

async function mcpToken(cookie: string, resource = MCP): Promise<string> {
  const client_id = String((await readJson(await register(cookie))).client_id);
  const code = await obtainCode(
    server,
    { response_type: 'code', client_id, redirect_uri: CALLBACK, scope: 'photos.read', code_challenge: CHALLENGE, code_challenge_method: 'S256', resource },
    { cookie },
  );
  const response = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, client_id, redirect_uri: CALLBACK, code_verifier: VERIFIER, resource }, { cookie });
  expect(response.status).toBe(200);
  return String((await readJson(response)).access_token);
}

function rpc(cookie: string, token: string | undefined, body: unknown) {
  return postJson(server, '/mcp', body, { cookie, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('protected resource metadata (RFC 9728)', () => {
  it('answers 401 at the MCP resource with a challenge naming its metadata (§5.1)', async () => {
    const response = await rpc(await learnerCookie(server), undefined, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*resource_metadata="http:\/\/lab\.test\/\.well-known\/oauth-protected-resource\/mcp"/);
  });

  it.each([
    ['/.well-known/oauth-protected-resource/mcp', MCP, ['photos.read']],
    ['/.well-known/oauth-protected-resource/api', API, ['profile', 'photos.read', 'photos.write']],
  ])('publishes %s with the resource identifier it was asked for and this authorization server (§3)', async (path, resource, scopes) => {
    const metadata = await readJson(await get(server, path));
    expect(metadata).toMatchObject({ resource, authorization_servers: [ORIGIN], scopes_supported: scopes, bearer_methods_supported: ['header'] });
  });

  it('lists the registration endpoint in the authorization server metadata (RFC 8414 §2)', async () => {
    expect((await readJson(await get(server, '/.well-known/oauth-authorization-server'))).registration_endpoint).toBe(`${ORIGIN}/oauth/register`);
  });
});

describe('dynamic client registration (RFC 7591)', () => {
  it('answers 201 with client_id, client_id_issued_at and the registered metadata (§3.2.1)', async () => {
    const response = await register(await learnerCookie(server));
    expect(response.status).toBe(201);
    const body = await readJson(response);
    expect(body.client_id).toMatch(/^dyn-/);
    expect(body.client_id_issued_at).toBeTypeOf('number');
    expect(body).not.toHaveProperty('client_secret');
    expect(body).toMatchObject({ redirect_uris: [CALLBACK], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
  });

  it('gives a confidential client a secret that authenticates it at the token endpoint', async () => {
    const cookie = await learnerCookie(server);
    const body = await readJson(await register(cookie, { token_endpoint_auth_method: 'client_secret_post', grant_types: ['client_credentials'], redirect_uris: [] }));
    expect(body.client_secret).toBeTypeOf('string');
    expect(body.client_secret_expires_at).toBeTypeOf('number');
    const token = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', client_id: String(body.client_id), client_secret: String(body.client_secret), scope: 'photos.read' }, { cookie });
    expect(token.status).toBe(200);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an http redirect URI on another host', { redirect_uris: ['http://evil.example/cb'] }],
    ['a redirect URI with a fragment', { redirect_uris: [`${CALLBACK}#x`] }],
    ['a relative redirect URI', { redirect_uris: ['/lab/callback'] }],
    ['no redirect URI for authorization_code', { redirect_uris: [] }],
  ])('refuses %s with invalid_redirect_uri (§3.2.2)', async (_, metadata) => {
    const response = await register(await learnerCookie(server), metadata);
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_redirect_uri');
  });

  it.each<[string, Record<string, unknown>]>([
    ['an unknown auth method', { token_endpoint_auth_method: 'private_key_jwt' }],
    ['the implicit grant', { grant_types: ['implicit'] }],
    ['response_types that disagree with grant_types', { response_types: ['token'] }],
    ['an unknown scope', { scope: 'admin' }],
    ['a client_name that is not a string', { client_name: 42 }],
  ])('refuses %s with invalid_client_metadata (§3.2.2)', async (_, metadata) => {
    const response = await register(await learnerCookie(server), metadata);
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_client_metadata');
  });

  it('refuses a body that is not a JSON object with invalid_client_metadata', async () => {
    const cookie = await learnerCookie(server);
    expect((await readJson(await postJson(server, '/oauth/register', '[1]', { cookie }))).error).toBe('invalid_client_metadata');
    expect((await readJson(await postForm(server, '/oauth/register', { client_name: 'x' }, { cookie }))).error).toBe('invalid_client_metadata');
  });

  it('keeps the issued secret out of the learner’s trace', async () => {
    const cookie = await learnerCookie(server);
    const secret = String((await readJson(await register(cookie, { token_endpoint_auth_method: 'client_secret_basic' }))).client_secret);
    const trace = JSON.stringify(await readJson(await get(server, '/oauth/lab/trace', { cookie })));
    expect(trace).toContain('"client_id_issued_at');
    expect(trace).not.toContain(secret);
  });

  it('keeps registered clients in the learner’s own namespace', async () => {
    const client_id = String((await readJson(await register(await learnerCookie(server)))).client_id);
    const elsewhere = await get(server, `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id, redirect_uri: CALLBACK, code_challenge: CHALLENGE, code_challenge_method: 'S256' })}`, {
      cookie: await learnerCookie(server),
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('unknown client_id');
  });

  it(`bounds registrations to ${MAX_REGISTRATIONS_PER_LEARNER} per learner`, async () => {
    const cookie = await learnerCookie(server);
    for (let i = 0; i < MAX_REGISTRATIONS_PER_LEARNER; i++) expect((await register(cookie)).status).toBe(201);
    expect((await register(cookie)).status).toBe(429);
  });
});

describe('resource indicators (RFC 8707) and the MCP resource', () => {
  it('issues a token whose aud is the requested resource', async () => {
    expect(decodeJwt(await mcpToken(await learnerCookie(server))).aud).toBe(MCP);
  });

  it('initializes, lists and calls the tool with a token for the MCP resource', async () => {
    const cookie = await learnerCookie(server);
    const token = await mcpToken(cookie);
    const init = await readJson(await rpc(cookie, token, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } }));
    expect(init).toMatchObject({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18', capabilities: { tools: {} } } });
    expect((await rpc(cookie, token, { jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
    const list = (await readJson(await rpc(cookie, token, { jsonrpc: '2.0', id: 2, method: 'tools/list' }))) as { result: { tools: { name: string }[] } };
    expect(list.result.tools.map((tool) => tool.name)).toEqual(['list_photos']);
    const call = (await readJson(await rpc(cookie, token, { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_photos', arguments: {} } }))) as {
      result: { structuredContent: { photos: { owner: string }[] }; isError: boolean };
    };
    expect(call.result.isError).toBe(false);
    expect(call.result.structuredContent.photos.every((photo) => photo.owner === 'alice')).toBe(true);
  });

  it('answers JSON-RPC errors: unknown method, unknown tool, not JSON', async () => {
    const cookie = await learnerCookie(server);
    const token = await mcpToken(cookie);
    expect(await readJson(await rpc(cookie, token, { jsonrpc: '2.0', id: 1, method: 'nope' }))).toMatchObject({ error: { code: -32601 } });
    expect(await readJson(await rpc(cookie, token, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'rm' } }))).toMatchObject({ error: { code: -32602 } });
    const notJson = await rpc(cookie, token, '{');
    expect(notJson.status).toBe(400);
    expect(await readJson(notJson)).toMatchObject({ error: { code: -32700 } });
  });

  it('refuses a token for another resource with 401 invalid_token, and the MCP token at the API', async () => {
    const cookie = await learnerCookie(server);
    const apiToken = await mcpToken(cookie, API);
    const refused = await rpc(cookie, apiToken, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token".*resource_metadata="/);
    const mcp = await mcpToken(cookie);
    expect((await get(server, '/api/photos', { cookie, headers: { authorization: `Bearer ${mcp}` } })).status).toBe(401);
  });

  it('refuses a token from a plain code flow (audience: the API) at the MCP resource', async () => {
    const cookie = await learnerCookie(server);
    const code = await obtainCode(server, webAppAuthorization(), { cookie });
    const token = String((await readJson(await exchangeWebAppCode(server, code, { cookie }))).access_token);
    expect((await rpc(cookie, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status).toBe(401);
  });

  it('answers an unknown resource at the authorization endpoint with invalid_target at the redirect URI (§2)', async () => {
    const response = await get(server, `/oauth/authorize?${new URLSearchParams(webAppAuthorization({ resource: 'https://elsewhere.example/api' }))}`);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
    const relative = await get(server, `/oauth/authorize?${new URLSearchParams(webAppAuthorization({ resource: '/mcp' }))}`);
    expect(new URL(relative.headers.get('location')!).searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses a token request for a resource the authorization did not cover with invalid_target (§2.2)', async () => {
    const cookie = await learnerCookie(server);
    const code = await obtainCode(server, webAppAuthorization({ resource: API }), { cookie });
    const widened = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, resource: MCP }, { cookie, headers: webAuth });
    expect(widened.status).toBe(400);
    expect((await readJson(widened)).error).toBe('invalid_target');
  });

  it('records the registration, resource and MCP checks in the learner’s trace', async () => {
    const cookie = await learnerCookie(server);
    const token = await mcpToken(cookie);
    await rpc(cookie, token, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const trace = (await readJson(await get(server, '/oauth/lab/trace', { cookie }))) as { events: { type: string; name?: string }[] };
    const names = trace.events.filter((event) => event.type === 'check').map((event) => event.name);
    expect(names).toEqual(expect.arrayContaining(['client registered', 'redirect_uris acceptable', 'resource is known', 'access token valid', 'MCP request']));
  });
});
