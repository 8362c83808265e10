import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/authserver/paths';
import { CONSENT_FRAMING_CHECK } from '../../src/authserver/checks/consent-framing';
import { DEFAULT_LAB_SWITCHES, LAB_SWITCH_IDS, LAB_SWITCHES, type LabSwitchId } from '../../src/authserver/lab-switches';
import type { CheckEvent, TraceEvent } from '../../src/trace/events';
import { authorizeAndDecide, authorizeUrl, CALLBACK, approvedConsentForm, exchangeWebAppCode, get, ORIGIN, learnerCookie, newServer, obtainCode, postForm, postJson, readJson, webAppAuthorization, webAuth } from './helpers';

const server = newServer();
const allOn = Object.fromEntries(LAB_SWITCH_IDS.map((id) => [id, 'on']));

/** A learner with one defence off. */
async function learnerWithDefenceOff(id: LabSwitchId): Promise<string> {
  const cookie = await learnerCookie(server);
  const response = await postJson(server, ENDPOINTS.labSwitches, { [id]: 'off' }, { cookie });
  expect(response.status).toBe(200);
  return cookie;
}

/** The three callers every switch is tried with: A (defence off), B (another learner), and no learner cookie. */
async function callers(id: LabSwitchId) {
  return { a: await learnerWithDefenceOff(id), b: await learnerCookie(server), anonymous: undefined };
}

const withCookie = (cookie: string | undefined) => (cookie ? { cookie } : {});
const bearer = (token: unknown, cookie: string | undefined) => ({ ...withCookie(cookie), headers: { authorization: `Bearer ${token as string}` } });

async function checksOf(cookie: string): Promise<CheckEvent[]> {
  const { events } = (await readJson(await get(server, `${ENDPOINTS.labTrace}?after=0`, { cookie }))) as unknown as { events: TraceEvent[] };
  return events.filter((event): event is CheckEvent => event.type === 'check');
}

async function expectError(response: Response, status: number, error: string): Promise<void> {
  expect(response.status).toBe(status);
  expect((await readJson(response)).error).toBe(error);
}

describe('the lab switches endpoint', () => {
  it('starts with every defence on', async () => {
    const cookie = await learnerCookie(server);
    const response = await get(server, ENDPOINTS.labSwitches, { cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await readJson(response)).toEqual(allOn);
    expect(DEFAULT_LAB_SWITCHES).toEqual(allOn);
  });

  it('turns one or more defences off and on, answering with every switch', async () => {
    const cookie = await learnerCookie(server);
    const off = await postJson(server, ENDPOINTS.labSwitches, { 'pkce-required': 'off', 'single-use-code': 'off' }, { cookie });
    expect(off.status).toBe(200);
    expect(await readJson(off)).toEqual({ ...allOn, 'pkce-required': 'off', 'single-use-code': 'off' });
    const on = await postJson(server, ENDPOINTS.labSwitches, { 'pkce-required': 'on' }, { cookie });
    expect(await readJson(on)).toEqual({ ...allOn, 'single-use-code': 'off' });
    expect(await readJson(await get(server, ENDPOINTS.labSwitches, { cookie }))).toEqual({ ...allOn, 'single-use-code': 'off' });
  });

  it('keeps one learner\'s switches out of every other namespace', async () => {
    const a = await learnerCookie(server);
    const b = await learnerCookie(server);
    await postJson(server, ENDPOINTS.labSwitches, Object.fromEntries(LAB_SWITCH_IDS.map((id) => [id, 'off'])), { cookie: a });
    expect(await readJson(await get(server, ENDPOINTS.labSwitches, { cookie: b }))).toEqual(allOn);
    // A lab request without a cookie gets a fresh namespace of its own, with every defence on.
    const anonymous = await get(server, ENDPOINTS.labSwitches);
    expect(anonymous.headers.get('set-cookie')).toMatch(/^osl_learner=/);
    expect(await readJson(anonymous)).toEqual(allOn);
  });

  it('refuses to switch anything without the learner id the server issued (400 invalid_request)', async () => {
    for (const cookie of [undefined, 'osl_learner=never-issued-id', 'osl_learner=bad id!']) {
      const response = await postJson(server, ENDPOINTS.labSwitches, { 'pkce-required': 'off' }, cookie ? { cookie } : {});
      expect(response.status).toBe(400);
      expect(await readJson(response)).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('osl_learner') });
      // The answer's new id holds the defaults: the refused request switched nothing.
      const issued = response.headers.get('set-cookie')!.split(';')[0]!;
      expect(await readJson(await get(server, ENDPOINTS.labSwitches, { cookie: issued }))).toEqual(allOn);
    }
  });

  it('refuses an unknown switch or value with invalid_request naming it, and changes nothing', async () => {
    const cookie = await learnerCookie(server);
    const cases: [unknown, string][] = [
      [{ 'no-such-defence': 'off' }, 'no-such-defence'],
      [{ 'pkce-required': 'maybe' }, 'pkce-required'],
      [{ 'pkce-required': false }, 'pkce-required'],
      [{ 'pkce-required': 'off', 'exact-redirect-uri': 'OFF' }, 'exact-redirect-uri'],
      [{}, 'lab switch'],
      [[], 'JSON object'],
      ['{not json', 'JSON'],
    ];
    for (const [body, named] of cases) {
      const response = await postJson(server, ENDPOINTS.labSwitches, body, { cookie });
      expect(response.status).toBe(400);
      const error = await readJson(response);
      expect(error.error).toBe('invalid_request');
      expect(error.error_description).toContain(named);
    }
    expect(await readJson(await get(server, ENDPOINTS.labSwitches, { cookie }))).toEqual(allOn);
  });

  it('Reset turns every defence back on, in the old namespace as in the new one', async () => {
    const cookie = await learnerCookie(server);
    await postJson(server, ENDPOINTS.labSwitches, { 'consent-frame-ancestors': 'off' }, { cookie });
    const reset = await postJson(server, ENDPOINTS.labReset, {}, { cookie });
    const renewed = reset.headers.get('set-cookie')!.split(';')[0]!;
    expect(await readJson(await get(server, ENDPOINTS.labSwitches, { cookie: renewed }))).toEqual(allOn);
    expect(await server.store.get(cookie.replace('osl_learner=', 'learner:'), 'lab-switches')).toBeUndefined();
  });

  it('describes each switch: the defence the trace names, its RFC section and what "off" does', () => {
    for (const id of LAB_SWITCH_IDS) {
      expect(LAB_SWITCHES[id].defence).toMatch(/^[a-zA-Z -]+$/);
      expect(LAB_SWITCHES[id].rfc).toMatch(/^RFC \d+ §[\d.]+$/);
      expect(LAB_SWITCHES[id].off.length).toBeGreaterThan(20);
    }
  });
});

describe('pkce-required: the PKCE verifier at the token endpoint (RFC 7636 §4.6)', () => {
  const NATIVE_REDIRECT = 'com.example.nativeapp:/callback';

  /** The honest native app starts a flow with an S256 challenge; the malicious app holds only the intercepted code. */
  async function interceptedCode(cookie: string | undefined): Promise<string> {
    const code_challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
    return obtainCode(
      server,
      { response_type: 'code', client_id: 'native-app', redirect_uri: NATIVE_REDIRECT, scope: 'profile', state: 's', code_challenge, code_challenge_method: 'S256' },
      withCookie(cookie),
    );
  }

  const redeem = (code: string, cookie: string | undefined, extra: Record<string, string> = {}) =>
    postForm(server, ENDPOINTS.token, { grant_type: 'authorization_code', code, redirect_uri: NATIVE_REDIRECT, client_id: 'native-app', ...extra }, withCookie(cookie));

  it('with the defence off, the intercepted code is redeemed without a verifier, and the trace says why', async () => {
    const { a } = await callers('pkce-required');
    const response = await redeem(await interceptedCode(a), a);
    expect(response.status).toBe(200);
    const { access_token } = await readJson(response);
    expect((await get(server, ENDPOINTS.apiMe, { cookie: a, headers: { authorization: `Bearer ${access_token as string}` } })).status).toBe(200);
    const check = (await checksOf(a)).find((c) => c.name === 'PKCE S256 verifier');
    expect(check).toMatchObject({ verdict: 'pass', rfc: 'RFC 7636 §4.6', inputs: { 'PKCE verifier': 'off (lab setting)', code_verifier: null } });
    // A wrong verifier is not checked either.
    expect((await redeem(await interceptedCode(a), a, { code_verifier: randomBytes(32).toString('base64url') })).status).toBe(200);
  });

  it('another learner and a client without a learner cookie still get invalid_grant for a missing or wrong verifier', async () => {
    const { b, anonymous } = await callers('pkce-required');
    for (const cookie of [b, anonymous]) {
      await expectError(await redeem(await interceptedCode(cookie), cookie), 400, 'invalid_grant');
      await expectError(await redeem(await interceptedCode(cookie), cookie, { code_verifier: randomBytes(32).toString('base64url') }), 400, 'invalid_grant');
    }
  });

  it('with the defence back on, the same attack fails with invalid_grant at the named check', async () => {
    const a = await learnerWithDefenceOff('pkce-required');
    await postJson(server, ENDPOINTS.labSwitches, { 'pkce-required': 'on' }, { cookie: a });
    await expectError(await redeem(await interceptedCode(a), a), 400, 'invalid_grant');
    const check = (await checksOf(a)).findLast((c) => c.name === 'PKCE S256 verifier');
    expect(check).toMatchObject({ verdict: 'fail', rfc: 'RFC 7636 §4.6' });
    expect(check!.inputs).not.toHaveProperty('PKCE verifier');
  });
});

describe('single-use-code: an authorization code is redeemed once (RFC 6749 §4.1.2, §10.5)', () => {

  /** The legitimate client redeems a code; the attacker has stolen the same code and redeems it again. */
  async function redeemTwice(cookie: string | undefined) {
    const code = await obtainCode(server, webAppAuthorization(), withCookie(cookie));
    const first = await exchangeWebAppCode(server, code, withCookie(cookie));
    expect(first.status).toBe(200);
    const legitimate = await readJson(first);
    const replay = await exchangeWebAppCode(server, code, withCookie(cookie));
    return { legitimate, replay };
  }

  it('with the defence off, the replayed code yields working tokens and revokes nothing', async () => {
    const { a } = await callers('single-use-code');
    const { legitimate, replay } = await redeemTwice(a);
    expect(replay.status).toBe(200);
    const stolen = await readJson(replay);
    expect(stolen.access_token).not.toBe(legitimate.access_token);
    expect((await get(server, ENDPOINTS.apiMe, bearer(stolen.access_token, a))).status).toBe(200);
    expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, a))).status).toBe(200);
    const replayCheck = (await checksOf(a)).findLast((c) => c.name === 'code is unused');
    expect(replayCheck).toMatchObject({ verdict: 'pass', inputs: { 'single use': 'off (lab setting)', already_redeemed: true } });
  });

  it('another learner and a client without a learner cookie get invalid_grant for the replay, and the first tokens are revoked', async () => {
    const { b, anonymous } = await callers('single-use-code');
    for (const cookie of [b, anonymous]) {
      const { legitimate, replay } = await redeemTwice(cookie);
      await expectError(replay, 400, 'invalid_grant');
      expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, cookie))).status).toBe(401);
      await expectError(
        await postForm(server, ENDPOINTS.token, { grant_type: 'refresh_token', refresh_token: legitimate.refresh_token as string }, { ...withCookie(cookie), headers: webAuth }),
        400,
        'invalid_grant',
      );
    }
  });

  it('with the defence back on, the replay fails with invalid_grant at "code is unused", naming single use', async () => {
    const a = await learnerWithDefenceOff('single-use-code');
    await postJson(server, ENDPOINTS.labSwitches, { 'single-use-code': 'on' }, { cookie: a });
    const { legitimate, replay } = await redeemTwice(a);
    await expectError(replay, 400, 'invalid_grant');
    expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, a))).status).toBe(401);
    const check = (await checksOf(a)).findLast((c) => c.name === 'code is unused');
    expect(check).toMatchObject({ verdict: 'fail', rfc: 'RFC 6749 §4.1.2', detail: expect.stringContaining('single use') });
  });
});

describe('refresh-reuse-detection: a rotated refresh token revokes the grant when reused (RFC 9700 §4.14.2)', () => {
  const refresh = (refresh_token: unknown, cookie: string | undefined) =>
    postForm(server, ENDPOINTS.token, { grant_type: 'refresh_token', refresh_token: refresh_token as string }, { ...withCookie(cookie), headers: webAuth });

  /** The attacker steals RT1; the legitimate client rotates it to RT2; then the attacker presents RT1. */
  async function replayRotated(cookie: string | undefined) {
    const code = await obtainCode(server, webAppAuthorization(), withCookie(cookie));
    const stolen = (await readJson(await exchangeWebAppCode(server, code, withCookie(cookie)))).refresh_token;
    const rotated = await refresh(stolen, cookie);
    expect(rotated.status).toBe(200);
    const legitimate = await readJson(rotated);
    return { legitimate, replay: await refresh(stolen, cookie) };
  }

  it('with the defence off, the rotated refresh token still yields a working access token, and the grant stays alive', async () => {
    const { a } = await callers('refresh-reuse-detection');
    const { legitimate, replay } = await replayRotated(a);
    expect(replay.status).toBe(200);
    const attacker = await readJson(replay);
    expect((await get(server, ENDPOINTS.apiMe, bearer(attacker.access_token, a))).status).toBe(200);
    expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, a))).status).toBe(200);
    const check = (await checksOf(a)).findLast((c) => c.name === 'refresh token rotation');
    expect(check).toMatchObject({ verdict: 'pass', inputs: { 'reuse detection': 'off (lab setting)', already_rotated: true } });
  });

  it('another learner and a client without a learner cookie get invalid_grant, and the whole grant is revoked', async () => {
    const { b, anonymous } = await callers('refresh-reuse-detection');
    for (const cookie of [b, anonymous]) {
      const { legitimate, replay } = await replayRotated(cookie);
      await expectError(replay, 400, 'invalid_grant');
      expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, cookie))).status).toBe(401);
      await expectError(await refresh(legitimate.refresh_token, cookie), 400, 'invalid_grant');
    }
  });

  it('with the defence back on, the replay fails with invalid_grant at "refresh token rotation", naming reuse detection', async () => {
    const a = await learnerWithDefenceOff('refresh-reuse-detection');
    await postJson(server, ENDPOINTS.labSwitches, { 'refresh-reuse-detection': 'on' }, { cookie: a });
    const { legitimate, replay } = await replayRotated(a);
    await expectError(replay, 400, 'invalid_grant');
    expect((await get(server, ENDPOINTS.apiMe, bearer(legitimate.access_token, a))).status).toBe(401);
    const check = (await checksOf(a)).findLast((c) => c.name === 'refresh token rotation');
    expect(check).toMatchObject({ verdict: 'fail', rfc: 'RFC 9700 §4.14.2', detail: expect.stringContaining('reuse detection') });
  });
});

describe("consent-frame-ancestors: the consent page may be framed only by this site (RFC 6749 §10.13, RFC 9700 §4.16)", () => {
  const consent = (cookie: string | undefined) => get(server, authorizeUrl(webAppAuthorization()), withCookie(cookie));

  it('with the defence off, that learner\'s consent page goes without frame-ancestors and X-Frame-Options, and the trace says so', async () => {
    const { a } = await callers('consent-frame-ancestors');
    const page = await consent(a);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect((await checksOf(a)).find((c) => c.name === CONSENT_FRAMING_CHECK)).toMatchObject({
      rfc: 'RFC 6749 §10.13',
      inputs: { 'frame-ancestors': 'off (lab setting)' },
    });
    // The learner's other pages keep theirs.
    const errorPage = await get(server, authorizeUrl(webAppAuthorization({ redirect_uri: 'https://attacker.example/' })), { cookie: a });
    expect(errorPage.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('another learner and a client without a learner cookie still get both headers', async () => {
    const { b, anonymous } = await callers('consent-frame-ancestors');
    for (const cookie of [b, anonymous]) {
      const page = await consent(cookie);
      expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
  });

  /** The Fetch Metadata a browser sends for a page it is about to put in a frame. */
  const framedBy = (site: string) => ({ 'sec-fetch-dest': 'iframe', 'sec-fetch-mode': 'navigate', 'sec-fetch-site': site });

  it('with the defence on, a consent page framed by another site fails the framing check, naming frame-ancestors and the policy sent', async () => {
    const cookie = await learnerCookie(server);
    const page = await get(server, authorizeUrl(webAppAuthorization()), { cookie, headers: framedBy('cross-site') });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
    expect((await checksOf(cookie)).find((c) => c.name === CONSENT_FRAMING_CHECK)).toMatchObject({
      verdict: 'fail',
      rfc: 'RFC 9700 §4.16',
      inputs: { 'Sec-Fetch-Dest': 'iframe', 'Sec-Fetch-Site': 'cross-site', 'Content-Security-Policy': "frame-ancestors 'self'", 'X-Frame-Options': 'SAMEORIGIN' },
    });
  });

  it('records nothing for the site’s own frame, a top-level page or a client without Fetch Metadata', async () => {
    const cookie = await learnerCookie(server);
    const requests: Record<string, string>[] = [framedBy('same-origin'), { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'cross-site' }, {}];
    for (const headers of requests) {
      await get(server, authorizeUrl(webAppAuthorization()), { cookie, headers });
    }
    expect((await checksOf(cookie)).some((c) => c.name === CONSENT_FRAMING_CHECK)).toBe(false);
  });

  it('with the defence off, a page framed by another site passes the check, saying the browser renders it there', async () => {
    const a = await learnerWithDefenceOff('consent-frame-ancestors');
    await get(server, authorizeUrl(webAppAuthorization()), { cookie: a, headers: framedBy('cross-site') });
    expect((await checksOf(a)).find((c) => c.name === CONSENT_FRAMING_CHECK)).toMatchObject({
      verdict: 'pass',
      inputs: { 'frame-ancestors': 'off (lab setting)', 'Sec-Fetch-Site': 'cross-site' },
      detail: expect.stringContaining('renders it there'),
    });
  });
});

describe('exact-redirect-uri: redirect URIs are compared exactly (RFC 6749 §3.1.2.3, RFC 9700 §4.1)', () => {
  const ATTACKER_CATCH = 'http://attacker.test/attacker/catch?then=/lab/callback';
  const pkce = () => {
    const code_verifier = randomBytes(32).toString('base64url');
    return { code_verifier, code_challenge: createHash('sha256').update(code_verifier).digest('base64url') };
  };
  /** The attacker's link: the victim signs in, and the code goes wherever the server lets redirect_uri point. */
  const tampered = (redirect_uri: string, code_challenge: string) => ({
    response_type: 'code',
    client_id: 'share-app',
    redirect_uri,
    scope: 'profile',
    state: 'attacker',
    code_challenge,
    code_challenge_method: 'S256',
  });

  it('with the defence off, the wildcard registration lets the code go to the attacker, who redeems it and calls the API', async () => {
    const { a } = await callers('exact-redirect-uri');
    const { code_verifier, code_challenge } = pkce();
    const decided = await authorizeAndDecide(server, tampered(ATTACKER_CATCH, code_challenge), { cookie: a });
    expect(decided.status).toBe(302);
    const location = new URL(decided.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://attacker.test/attacker/catch');
    const code = location.searchParams.get('code')!;
    const token = await postForm(server, ENDPOINTS.token, { grant_type: 'authorization_code', code, redirect_uri: ATTACKER_CATCH, client_id: 'share-app', code_verifier }, { cookie: a });
    expect(token.status).toBe(200);
    expect((await get(server, ENDPOINTS.apiMe, bearer((await readJson(token)).access_token, a))).status).toBe(200);
    expect((await checksOf(a)).find((c) => c.name === 'redirect_uri matches')).toMatchObject({
      verdict: 'pass',
      rfc: 'RFC 9700 §4.1',
      inputs: { 'exact match': 'off (lab setting)', received: ATTACKER_CATCH, matched: `http://*${CALLBACK.replace(ORIGIN, '')}` },
    });
    // A prefix of a registered URI is extended too.
    expect((await get(server, authorizeUrl(tampered(`${CALLBACK}/../../elsewhere`, code_challenge)), { cookie: a })).status).toBe(200);
  });

  it('another learner and a client without a learner cookie get an error page (invalid_request), never a redirect to it', async () => {
    const { b, anonymous } = await callers('exact-redirect-uri');
    for (const cookie of [b, anonymous]) {
      for (const redirect_uri of [ATTACKER_CATCH, `${CALLBACK}/../../elsewhere`]) {
        const page = await get(server, authorizeUrl(tampered(redirect_uri, pkce().code_challenge)), withCookie(cookie));
        expect(page.status).toBe(400);
        expect(page.headers.get('location')).toBeNull();
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await page.text()).toContain('invalid_request');
      }
    }
  });

  it('with the defence on, the honest redirect still works and the attack fails at "redirect_uri matches", naming exact match', async () => {
    const a = await learnerWithDefenceOff('exact-redirect-uri');
    await postJson(server, ENDPOINTS.labSwitches, { 'exact-redirect-uri': 'on' }, { cookie: a });
    const page = await get(server, authorizeUrl(tampered(ATTACKER_CATCH, pkce().code_challenge)), { cookie: a });
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    const check = (await checksOf(a)).findLast((c) => c.name === 'redirect_uri matches');
    expect(check).toMatchObject({ verdict: 'fail', rfc: 'RFC 6749 §3.1.2.3', detail: expect.stringContaining('exact match') });
    expect(check!.inputs).not.toHaveProperty('exact match');
    expect((await get(server, authorizeUrl(tampered(CALLBACK, pkce().code_challenge)), { cookie: a })).status).toBe(200);
    // The wildcard registration is a pattern, not an address: sent as it is, it matches nothing either.
    expect((await get(server, authorizeUrl(tampered(`http://*${CALLBACK.replace(ORIGIN, '')}`, pkce().code_challenge)), { cookie: a })).status).toBe(400);
  });

  it('never accepts a lax match with a fragment, even with the defence off', async () => {
    const a = await learnerWithDefenceOff('exact-redirect-uri');
    expect((await get(server, authorizeUrl(tampered(`${CALLBACK}#x`, pkce().code_challenge)), { cookie: a })).status).toBe(400);
  });
});

describe('frame tickets: the learner inside a cross-site frame, where the browser sends no cookie', () => {
  async function ticketOf(cookie: string): Promise<string> {
    const response = await postJson(server, ENDPOINTS.labFrameTicket, {}, { cookie });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body).toMatchObject({ parameter: 'osl_frame_ticket', expires_in: 600 });
    return body.ticket as string;
  }
  const framedConsent = (ticket: string | undefined, extra: Record<string, string> = {}) =>
    get(server, authorizeUrl({ ...webAppAuthorization(), ...extra, ...(ticket ? { osl_frame_ticket: ticket } : {}) }));

  it('are issued only to a learner with the cookie the server issued', async () => {
    await expectError(await postJson(server, ENDPOINTS.labFrameTicket, {}), 400, 'invalid_request');
    expect(await ticketOf(await learnerCookie(server))).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  const framedForm = approvedConsentForm;
  const postFramed = ({ action, form }: { action: string; form: URLSearchParams }) => postForm(server, action, form, { headers: { 'sec-fetch-site': 'same-origin' } });

  it('let the framed consent page of learner A (defence off) go unprotected, and carry A through the form to the code', async () => {
    const a = await learnerWithDefenceOff('consent-frame-ancestors');
    const ticket = await ticketOf(a);
    const page = await framedConsent(ticket);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('set-cookie')).toBeNull();
    const framed = await framedForm(page);
    expect(framed.action).toMatch(new RegExp(`^${ENDPOINTS.authorize}\\?osl_frame_ticket=[A-Za-z0-9_-]{22}$`));
    expect(framed.action).not.toContain(ticket);
    const decided = await postFramed(framed);
    expect(decided.status).toBe(302);
    const code = new URL(decided.headers.get('location')!).searchParams.get('code')!;
    // The code lives in A's namespace: A redeems it, the public namespace cannot.
    await expectError(await exchangeWebAppCode(server, code), 400, 'invalid_grant');
    expect((await exchangeWebAppCode(server, code, { cookie: a })).status).toBe(200);
    expect((await checksOf(a)).some((c) => c.name === CONSENT_FRAMING_CHECK)).toBe(true);
  });

  it('open one consent decision each: a post ticket is spent by its POST, and neither kind opens the other’s method', async () => {
    const a = await learnerWithDefenceOff('consent-frame-ancestors');
    const ticket = await ticketOf(a);
    const framed = await framedForm(await framedConsent(ticket));
    expect((await postFramed(framed)).status).toBe(302);
    // The same form again: outside A's namespace its anti-CSRF token is unknown, so the server refuses it on an error page.
    const again = await postFramed(framed);
    expect(again.status).toBe(403);
    expect(again.headers.get('location')).toBeNull();
    // The page ticket reloads the page (a GET grants nothing), with a fresh post ticket that works once.
    const reloaded = await framedForm(await framedConsent(ticket));
    expect(reloaded.action).not.toBe(framed.action);
    expect((await postFramed(reloaded)).status).toBe(302);
    // A page ticket opens no POST, and a post ticket no GET.
    expect((await postFramed({ ...(await framedForm(await framedConsent(ticket))), action: `${ENDPOINTS.authorize}?osl_frame_ticket=${ticket}` })).status).toBe(403);
    const postTicket = new URL(reloaded.action, ORIGIN).searchParams.get('osl_frame_ticket')!;
    expect((await framedConsent(postTicket)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('keep the defence for another learner’s ticket, a forged one, none, and once the learner has reset', async () => {
    const a = await learnerWithDefenceOff('consent-frame-ancestors');
    const b = await learnerCookie(server);
    const ticketA = await ticketOf(a);
    for (const ticket of [await ticketOf(b), 'A'.repeat(22), undefined]) {
      const page = await framedConsent(ticket);
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
    // A ticket opens nothing for a request that has a learner cookie: the cookie decides.
    expect((await get(server, authorizeUrl({ ...webAppAuthorization(), osl_frame_ticket: ticketA }), { cookie: b })).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // Two tickets: neither counts.
    const doubled = `${authorizeUrl(webAppAuthorization())}&osl_frame_ticket=${ticketA}&osl_frame_ticket=${ticketA}`;
    expect((await get(server, doubled)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect((await framedConsent(ticketA)).headers.get('x-frame-options')).toBeNull();
    await postJson(server, ENDPOINTS.labReset, {}, { cookie: a });
    expect((await framedConsent(ticketA)).headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
