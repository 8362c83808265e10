import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/authserver/paths';
import { DEFAULT_LAB_SWITCHES, LAB_SWITCH_IDS, LAB_SWITCHES, type LabSwitchId } from '../../src/authserver/lab-switches';
import type { CheckEvent, TraceEvent } from '../../src/trace/events';
import { get, learnerCookie, newServer, obtainCode, postForm, postJson, readJson } from './helpers';

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
