import { describe, expect, it } from 'vitest';
import {
  authorizeAndDecide,
  authorizeUrl,
  CALLBACK,
  get,
  learnerCookie,
  newServer,
  ORIGIN,
  postForm,
  webAppAuthorization,
} from './helpers';

const server = newServer();

describe('authorization endpoint (RFC 6749 §4.1.1)', () => {
  it('shows a login and consent page naming the app, the scopes and the demo user', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization()));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('Photo Print Shop (web app)');
    expect(html).toContain('<label for="username">Username</label>');
    expect(html).toContain('<label for="password">Password</label>');
    expect(html).toMatch(/name="consent_scope" value="profile" checked/);
    expect(html).toMatch(/name="consent_scope" value="photos.read" checked/);
    expect(html).toContain('<code>alice</code>');
    expect(html).toContain('<code>wonderland</code>');
  });

  it('redirects with code, state and iss on approve (RFC 9207 §2)', async () => {
    const response = await authorizeAndDecide(server, webAppAuthorization());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('iss')).toBe(ORIGIN);
  });

  it('redirects with access_denied, state and iss on deny', async () => {
    const response = await authorizeAndDecide(server, webAppAuthorization(), { decision: 'deny', password: '' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('iss')).toBe(ORIGIN);
    expect(location.searchParams.has('code')).toBe(false);
  });

  it('shows an error page (400, no redirect) for an unknown client', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ client_id: 'nobody' })));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('unknown client_id');
  });

  it('shows an error page (400, no redirect) for a missing client_id', async () => {
    const params = webAppAuthorization();
    delete (params as Record<string, string | undefined>).client_id;
    const response = await get(server, authorizeUrl(params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('shows an error page (400, no redirect) for an unregistered redirect_uri', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ redirect_uri: 'https://attacker.example/cb' })));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('redirect_uri does not match');
  });

  it('never redirects when client_id or redirect_uri is duplicated', async () => {
    const query = new URLSearchParams(webAppAuthorization());
    query.append('redirect_uri', 'https://attacker.example/cb');
    const response = await get(server, `/oauth/authorize?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('redirects unsupported_response_type when client and redirect_uri are valid (§4.1.2.1)', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ response_type: 'id_token' })));
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.get('iss')).toBe(ORIGIN);
  });

  it('redirects invalid_request for a missing response_type', async () => {
    const params = webAppAuthorization();
    delete (params as Record<string, string | undefined>).response_type;
    const location = new URL((await get(server, authorizeUrl(params))).headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('redirects invalid_request when a parameter is repeated (§3.1)', async () => {
    const query = new URLSearchParams(webAppAuthorization());
    query.append('scope', 'photos.write');
    const location = new URL((await get(server, `/oauth/authorize?${query}`)).headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('redirects invalid_scope for a scope the client may not request (§3.3)', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ scope: 'admin' })));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });

  it('redirects unauthorized_client when a client asks for the implicit grant it is not registered for', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ response_type: 'token' })));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('unauthorized_client');
  });

  it('uses the only registered redirect_uri when the request omits it (§3.1.2.3)', async () => {
    const params = webAppAuthorization();
    delete (params as Record<string, string | undefined>).redirect_uri;
    const response = await authorizeAndDecide(server, params);
    expect(response.headers.get('location')).toMatch(new RegExp(`^${CALLBACK}\\?code=`));
  });

  it('re-shows the page with an error (401) for a wrong password, without redirecting', async () => {
    const response = await authorizeAndDecide(server, webAppAuthorization(), { password: 'guess' });
    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('role="alert"');
  });

  it('refuses a cross-site form post of the consent form', async () => {
    const response = await authorizeAndDecide(server, webAppAuthorization(), { headers: { 'sec-fetch-site': 'cross-site' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('location')).toBeNull();
  });

  it('lets the user grant fewer scopes than requested (§3.3)', async () => {
    const cookie = await learnerCookie(server);
    const response = await authorizeAndDecide(server, webAppAuthorization(), { cookie, consent_scope: ['profile'] });
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!;
    const token = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: 'web-app', client_secret: 'web-app-secret' },
      { cookie },
    );
    expect(((await token.json()) as { scope: string }).scope).toBe('profile');
  });

  it('treats unticking every scope as a denial', async () => {
    const response = await authorizeAndDecide(server, webAppAuthorization(), { consent_scope: [] });
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('access_denied');
  });

  it('answers prompt=none with login_required (no session is kept)', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization({ prompt: 'none' })));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('login_required');
  });

  it('accepts prompt=login and prompt=consent and shows the page', async () => {
    expect((await get(server, authorizeUrl(webAppAuthorization({ prompt: 'login consent' })))).status).toBe(200);
  });

  it('may be framed only by this site (clickjacking, §10.13)', async () => {
    const response = await get(server, authorizeUrl(webAppAuthorization()));
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
  });
});
