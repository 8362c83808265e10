/**
 * The two options the static site's Service Worker mounts the server with: a base path (the site
 * published under a sub-path) and a cookie jar (a Service Worker never sees the browser's cookies).
 */
import { describe, expect, it } from 'vitest';
import { createAuthServer, ENDPOINTS, type CookieJar } from '../../src/authserver';
import { CLIENT_PAGES } from '../../src/authserver/paths';
import { consentFormFields, ORIGIN } from './helpers';

const BASE = '/oauth-lab';
const ISSUER = `${ORIGIN}${BASE}`;

describe('a server mounted under a base path', () => {
  const server = createAuthServer({ basePath: BASE });
  const at = (path: string, init?: RequestInit) => server.handle(new Request(`${ISSUER}${path}`, init));

  it('is its issuer, and every endpoint in its metadata is below it. @see RFC 8414 §2, §3.2', async () => {
    const metadata = await (await at(ENDPOINTS.metadata)).json();
    expect(metadata.issuer).toBe(ISSUER);
    expect(metadata.token_endpoint).toBe(`${ISSUER}${ENDPOINTS.token}`);
    expect(metadata.authorization_endpoint).toBe(`${ISSUER}${ENDPOINTS.authorize}`);
    expect(metadata.device_authorization_endpoint).toBe(`${ISSUER}${ENDPOINTS.deviceAuthorization}`);
  });

  it('answers nothing outside the base path', async () => {
    const response = await server.handle(new Request(`${ORIGIN}${ENDPOINTS.metadata}`));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'invalid_request', error_description: 'no such endpoint' });
  });

  it('accepts the web app’s redirect URI below the base, posts its consent form there, and sends iss. @see RFC 9207 §2', async () => {
    const redirect_uri = `${ISSUER}${CLIENT_PAGES.callback}`;
    const query = new URLSearchParams({ response_type: 'code', client_id: 'web-app', redirect_uri, scope: 'profile', state: 's1' });
    const page = await at(`${ENDPOINTS.authorize}?${query}`);
    expect(page.status).toBe(200);
    const html = await page.clone().text();
    expect(html).toContain(`<form method="post" action="${BASE}${ENDPOINTS.authorize}">`);
    const form = await consentFormFields(page);
    form.set('username', 'alice');
    form.set('password', 'wonderland');
    form.set('decision', 'approve');
    const answer = await at(ENDPOINTS.authorize, {
      method: 'POST',
      body: form,
      headers: { 'sec-fetch-site': 'same-origin', cookie: page.headers.get('set-cookie')?.split(';')[0] ?? '' },
    });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.href.startsWith(redirect_uri)).toBe(true);
    expect(location.searchParams.get('iss')).toBe(ISSUER);
  });
});

/** A jar of one cookie, as a browser keeps it. */
function jar(): CookieJar & { value: string | null } {
  return {
    value: null,
    async cookieHeader() {
      return this.value;
    },
    async setCookie(setCookie) {
      this.value = setCookie.split(';')[0]!;
    },
  };
}

describe('a server with a cookie jar', () => {
  it('keeps the learner id it issues in the jar and reads it back, with no Cookie header at all', async () => {
    const cookies = jar();
    const server = createAuthServer({ cookieJar: cookies });
    const first = await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labClock}`, { method: 'POST', body: '{"advance_seconds":60}', headers: { 'content-type': 'application/json' } }));
    expect(first.status).toBe(200);
    expect(cookies.value).toMatch(/^osl_learner=[A-Za-z0-9_-]{22}$/);
    const kept = cookies.value;
    const clock = await (await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labClock}`))).json();
    expect(clock.offset_seconds).toBe(60);
    expect(cookies.value).toBe(kept);
  });

  it('lets the learner in the jar set their own lab switches (an attack lesson’s first step), as a learner with a cookie would', async () => {
    const cookies = jar();
    const server = createAuthServer({ cookieJar: cookies });
    const switches = (body: string) =>
      server.handle(new Request(`${ORIGIN}${ENDPOINTS.labSwitches}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    // The first request is a newcomer's: the id is issued by this very answer, so it is not yet presented.
    expect((await switches('{"single-use-code":"off"}')).status).toBe(400);
    expect(cookies.value).not.toBeNull();
    const answer = await switches('{"single-use-code":"off"}');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ 'single-use-code': 'off' });
    expect(await (await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labSwitches}`))).json()).toMatchObject({ 'single-use-code': 'off' });
  });

  it('starts a new, empty session after Reset', async () => {
    const cookies = jar();
    const server = createAuthServer({ cookieJar: cookies });
    const advance = { method: 'POST', body: '{"advance_seconds":60}', headers: { 'content-type': 'application/json' } };
    await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labClock}`, advance));
    const before = cookies.value;
    expect((await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labReset}`, { method: 'POST' }))).status).toBe(200);
    // The jar holds the id the reset issued, as a browser would from its Set-Cookie, not the revoked one.
    const renewed = cookies.value;
    expect(renewed).not.toBe(before);
    const clock = await (await server.handle(new Request(`${ORIGIN}${ENDPOINTS.labClock}`))).json();
    expect(clock.offset_seconds).toBe(0);
    expect(cookies.value).toBe(renewed);
    // So the first step after a reset (an attack lesson setting its lab switch) is that learner's.
    const switched = await server.handle(
      new Request(`${ORIGIN}${ENDPOINTS.labSwitches}`, { method: 'POST', body: '{"exact-redirect-uri":"off"}', headers: { 'content-type': 'application/json' } }),
    );
    expect(switched.status).toBe(200);
  });
});
