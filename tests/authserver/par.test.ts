import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CLIENTS } from '../../src/authserver/seed';
import { authorizeAndDecide, basic, CALLBACK, get, learnerCookie, newServer, ORIGIN, postForm, postJson, readJson } from './helpers';

const server = newServer({ limits: { pushedRequestLifetimeSeconds: 60 } });
const parClient = CLIENTS.find((client) => client.require_pushed_authorization_requests)!;
const auth = { authorization: basic(parClient.client_id, parClient.client_secret!) };
const CHALLENGE = createHash('sha256').update('v'.repeat(43)).digest('base64url');

const request = (extra: Record<string, string> = {}) => ({
  response_type: 'code',
  redirect_uri: CALLBACK,
  scope: 'openid profile',
  state: 'st',
  nonce: 'nn',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
  ...extra,
});

async function push(cookie: string, extra: Record<string, string> = {}, headers: Record<string, string> = auth) {
  return postForm(server, '/oauth/par', request(extra), { cookie, headers });
}

async function pushed(cookie: string): Promise<string> {
  const response = await push(cookie);
  expect(response.status).toBe(201);
  return String((await readJson(response)).request_uri);
}

describe('pushed authorization requests (RFC 9126)', () => {
  it('answers 201 with a urn:ietf:params:oauth:request_uri: reference and its lifetime (§2.2)', async () => {
    const response = await push(await learnerCookie(server));
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await readJson(response);
    expect(body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]+$/);
    expect(body.expires_in).toBe(60);
  });

  it('authorizes with only client_id and request_uri in the URL, and the pushed state comes back (§4)', async () => {
    const cookie = await learnerCookie(server);
    const request_uri = await pushed(cookie);
    const response = await authorizeAndDecide(server, { client_id: parClient.client_id, request_uri }, { cookie });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('code')).toBeTruthy();
    expect(location.searchParams.get('state')).toBe('st');
    expect(location.searchParams.get('iss')).toBe(ORIGIN);
  });

  it('uses the pushed parameters only: the URL cannot change the scope', async () => {
    const cookie = await learnerCookie(server);
    const request_uri = await pushed(cookie);
    const page = await get(server, `/oauth/authorize?${new URLSearchParams({ client_id: parClient.client_id, request_uri, scope: 'photos.read' })}`, { cookie });
    const html = await page.text();
    expect(html).toMatch(/name="consent_scope" value="openid" checked/);
    expect(html).not.toMatch(/name="consent_scope" value="photos.read"/);
  });

  it('refuses a request_uri used twice with invalid_request_uri, on an error page (§4: one-time use)', async () => {
    const cookie = await learnerCookie(server);
    const request_uri = await pushed(cookie);
    const url = `/oauth/authorize?${new URLSearchParams({ client_id: parClient.client_id, request_uri })}`;
    expect((await get(server, url, { cookie })).status).toBe(200);
    const again = await get(server, url, { cookie });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    expect(await again.text()).toContain('invalid_request_uri');
  });

  it('refuses an expired request_uri with invalid_request_uri', async () => {
    const cookie = await learnerCookie(server);
    const request_uri = await pushed(cookie);
    await postJson(server, '/oauth/lab/clock', { advance_seconds: 61 }, { cookie });
    const response = await get(server, `/oauth/authorize?${new URLSearchParams({ client_id: parClient.client_id, request_uri })}`, { cookie });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('invalid_request_uri');
  });

  it('refuses a request_uri presented by another client, or by another learner', async () => {
    const cookie = await learnerCookie(server);
    const request_uri = await pushed(cookie);
    const otherClient = await get(server, `/oauth/authorize?${new URLSearchParams({ client_id: 'web-app', request_uri })}`, { cookie });
    expect(await otherClient.text()).toContain('invalid_request_uri');
    const fresh = await pushed(cookie);
    const otherLearner = await get(server, `/oauth/authorize?${new URLSearchParams({ client_id: parClient.client_id, request_uri: fresh })}`, {
      cookie: await learnerCookie(server),
    });
    expect(await otherLearner.text()).toContain('invalid_request_uri');
  });

  it('refuses a client that must push when it sends the request in the URL (§6)', async () => {
    const response = await get(server, `/oauth/authorize?${new URLSearchParams({ client_id: parClient.client_id, ...request() })}`);
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('authenticates the client like the token endpoint (§2.1)', async () => {
    const response = await push(await learnerCookie(server), {}, { authorization: basic(parClient.client_id, 'wrong') });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('validates the pushed request as the authorization endpoint would, answering in JSON (§2.3)', async () => {
    const cookie = await learnerCookie(server);
    const badScope = await push(cookie, { scope: 'admin' });
    expect(badScope.status).toBe(400);
    expect((await readJson(badScope)).error).toBe('invalid_scope');
    const badRedirect = await push(cookie, { redirect_uri: 'https://evil.example/cb' });
    expect((await readJson(badRedirect)).error).toBe('invalid_request');
    const withRequestUri = await push(cookie, { request_uri: 'urn:ietf:params:oauth:request_uri:x' });
    expect((await readJson(withRequestUri)).error).toBe('invalid_request');
  });

  it('is advertised in the metadata (§5)', async () => {
    const metadata = await readJson(await get(server, '/.well-known/oauth-authorization-server'));
    expect(metadata.pushed_authorization_request_endpoint).toBe(`${ORIGIN}/oauth/par`);
    expect(metadata.require_pushed_authorization_requests).toBe(false);
  });
});
