import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/authserver/paths';
import { DEFAULT_LAB_SWITCHES, LAB_SWITCH_IDS, LAB_SWITCHES } from '../../src/authserver/lab-switches';
import { get, learnerCookie, newServer, postJson, readJson } from './helpers';

const server = newServer();
const allOn = Object.fromEntries(LAB_SWITCH_IDS.map((id) => [id, 'on']));

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
