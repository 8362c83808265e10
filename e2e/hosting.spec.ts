import { expect, test, type APIResponse } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { otherLoopbackOrigin } from '../src/authserver/attacker/origin.ts';
import { CLIENT_PAGES, ENDPOINTS } from '../src/authserver/paths.ts';
import { REDIRECT_PAGE_REFERRER_POLICY } from '../src/components/redirect-params.ts';
import { getFlow } from '../src/flows/index.ts';
import { guidePages } from './site-pages';
import { openWalkthrough } from './walkthrough-page';

/**
 * The production server (`npm run preview`, the same entry as `npm start`) over real HTTP: the
 * Host header never decides the issuer, unsupported methods get 405, and every kind of response
 * carries the security headers.
 */

/** A raw HTTP/1.1 request to the server's loopback address, with any Host header and method. */
function raw(baseURL: string, path: string, options: { host?: string; method?: string } = {}): Promise<{ status: number; body: string }> {
  const { port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `localhost:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test.describe('the Host header', () => {
  test('an unknown host gets 421 and none of the server’s URLs', async ({ baseURL }) => {
    const answer = await raw(baseURL!, ENDPOINTS.metadata, { host: 'evil.example' });
    expect(answer.status).toBe(421);
    expect(answer.body).not.toContain('evil.example/');
    const authorize = await raw(baseURL!, `${ENDPOINTS.authorize}?response_type=code&client_id=web-app&state=s`, { host: 'evil.example' });
    expect(authorize.status).toBe(421);
  });

  test('a Host with userinfo or a path gets 400, not a 500 and not another route', async ({ baseURL }) => {
    const { port } = new URL(baseURL!);
    for (const host of [`127.0.0.1:${port}@evil.example`, `localhost:${port}/oauth/lab/trace?`]) {
      expect((await raw(baseURL!, ENDPOINTS.metadata, { host })).status).toBe(400);
    }
  });

  test('the issuer is the allowed origin the request was addressed to', async ({ baseURL }) => {
    const { port } = new URL(baseURL!);
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      const answer = await raw(baseURL!, ENDPOINTS.metadata, { host: new URL(origin).host });
      expect(JSON.parse(answer.body).issuer).toBe(origin);
    }
  });
});

test('TRACE and other unsupported methods get 405 on pages, static files and OAuth endpoints; /_image is off', async ({ baseURL, request }) => {
  for (const path of ['/', '/flows/authorization-code/', '/favicon.svg', ENDPOINTS.token, ENDPOINTS.metadata]) {
    for (const method of ['TRACE', 'PUT', 'DELETE']) {
      const answer = await raw(baseURL!, path, { method });
      expect(`${method} ${path} ${answer.status}`).toBe(`${method} ${path} 405`);
      expect(answer.body).not.toMatch(/at .+\.m?js:\d+/);
    }
  }
  expect((await request.get('/_image?href=/favicon.svg&w=10')).status()).toBe(404);
});

/** All values of a response header (a response may carry several Content-Security-Policy headers). */
function all(response: APIResponse, name: string): string[] {
  return response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === name)
    .map((h) => h.value);
}

test('every kind of response carries the security headers', async ({ request }) => {
  const home = await request.get('/');
  const asset = /\/_astro\/[^"]+\.(?:css|js)/.exec(await home.text())?.[0];
  expect(asset).toBeTruthy();
  const consent = `${ENDPOINTS.authorize}?${new URLSearchParams({
    response_type: 'code',
    client_id: 'spa',
    redirect_uri: new URL(CLIENT_PAGES.callback, home.url()).href,
    state: 's',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuKG6yl8WeM',
    code_challenge_method: 'S256',
  })}`;
  const kinds: [kind: string, path: string, status: number, referrer: string][] = [
    ['home', '/', 200, 'strict-origin-when-cross-origin'],
    ['flow page', '/flows/authorization-code/', 200, 'no-referrer'],
    ['guide', guidePages[0]!.path, 200, 'strict-origin-when-cross-origin'],
    ['server page', '/server/', 200, 'strict-origin-when-cross-origin'],
    ['lab callback', `${CLIENT_PAGES.callback}?code=abc&state=s`, 200, 'no-referrer'],
    // The implicit token leak lesson's callback page leaks its address in the Referer on purpose.
    ['widget callback', `${CLIENT_PAGES.widgetCallback}?code=abc&state=s`, 200, REDIRECT_PAGE_REFERRER_POLICY.widget],
    ['consent page', consent, 200, 'no-referrer'],
    ['device page', ENDPOINTS.deviceVerification, 200, 'no-referrer'],
    ['OAuth JSON', ENDPOINTS.metadata, 200, 'no-referrer'],
    ['OAuth error', ENDPOINTS.token, 405, 'no-referrer'],
    ['static asset', asset!, 200, 'strict-origin-when-cross-origin'],
    ['404', '/no-such-page/', 404, 'strict-origin-when-cross-origin'],
  ];
  for (const [kind, path, status, referrer] of kinds) {
    const response = await request.get(path, { maxRedirects: 0 });
    const policies = all(response, 'content-security-policy');
    const html = response.headers()['content-type']?.startsWith('text/html');
    expect({ kind, status: response.status() }).toEqual({ kind, status });
    expect({ kind, nosniff: response.headers()['x-content-type-options'] }).toEqual({ kind, nosniff: 'nosniff' });
    expect({ kind, referrer: response.headers()['referrer-policy'] }).toEqual({ kind, referrer });
    expect({ kind, framing: policies.some((p) => /frame-ancestors 'self'/.test(p)) }).toEqual({ kind, framing: true });
    // Over plain http there is no HSTS (a browser ignores it there). @see RFC 6797 §7.2
    expect({ kind, hsts: response.headers()['strict-transport-security'] }).toEqual({ kind, hsts: undefined });
    if (html) {
      const scripts = policies.filter((p) => /script-src/.test(p));
      expect({ kind, scriptPolicies: scripts.length > 0 }).toEqual({ kind, scriptPolicies: true });
      expect({ kind, inline: scripts.some((p) => /script-src[^;]*'unsafe-inline'/.test(p)) }).toEqual({ kind, inline: false });
      // Only the widget's callback page may load a script from the attacker's origin. @see RFC 9700 §4.2.4
      const attacker = otherLoopbackOrigin(new URL(home.url()).origin)!;
      const allowsAttacker = scripts.some((p) => /script-src[^;]*/.exec(p)![0].split(' ').includes(attacker));
      expect({ kind, allowsAttacker }).toEqual({ kind, allowsAttacker: kind === 'widget callback' });
    }
  }
});

test('static files are cached by name, pages revalidate with an ETag, text is compressed', async ({ request }) => {
  const home = await request.get('/', { headers: { 'accept-encoding': 'br, gzip' } });
  expect(home.headers()['cache-control']).toBe('no-cache');
  expect(home.headers()['content-encoding']).toBe('br');
  const etag = home.headers()['etag'];
  expect(etag).toBeTruthy();
  expect((await request.get('/', { headers: { 'if-none-match': etag!, 'accept-encoding': 'br, gzip' } })).status()).toBe(304);
  const asset = /\/_astro\/[^"]+\.js/.exec(await home.text())?.[0];
  const cached = await request.get(asset!, { headers: { 'accept-encoding': 'gzip' } });
  expect(cached.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
});

test('pages rendered on demand are compressed as they are sent, as the client accepts', async ({ request }) => {
  for (const encoding of ['br', 'gzip']) {
    const page = await request.get('/server/', { headers: { 'accept-encoding': encoding } });
    expect(page.status()).toBe(200);
    expect(page.headers()['content-encoding']).toBe(encoding);
    expect(page.headers()['vary']?.toLowerCase()).toContain('accept-encoding');
    // Playwright decodes the body: the page arrives whole.
    expect(await page.text()).toContain('</html>');
  }
  const plain = await request.get('/server/', { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
});

test.describe('learner ids come from the server', () => {
  const learnerId = async (page: import('@playwright/test').Page) =>
    (await page.context().cookies()).find((c) => c.name === 'osl_learner');

  test('the walk-through gets an id, an id the server never issued is replaced, and Reset gets a new one', async ({ page, context, baseURL }) => {
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await context.addCookies([{ name: 'osl_learner', value: 'aaaaaaaa', url: baseURL! }]);
    const flow = getFlow('authorization-code');
    const ui = await openWalkthrough(page, flow);
    const of = `of ${flow.steps.length}`;
    await expect.poll(async () => (await learnerId(page))?.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const first = (await learnerId(page))!;
    expect(first).toMatchObject({ path: '/', sameSite: 'Lax', httpOnly: false });
    await ui.next.click();
    await expect(ui.status).toContainText(`Step 1 ${of}`);
    await ui.reset.click();
    await expect(ui.walkthrough).toContainText(`Step 0 ${of}`);
    await expect.poll(async () => (await learnerId(page))?.value).not.toBe(first.value);
    await ui.next.click();
    await expect(ui.status).toContainText(`Step 1 ${of}`);
    await expect(ui.entries).toHaveCount(1);
    expect(errors).toEqual([]);
  });
});
