import { describe, expect, it } from 'vitest';
import type { CheckEvent, TraceEvent } from '../../src/trace/events';
import {
  authorizeUrl,
  consentFormFields,
  formToken,
  get,
  learnerCookie,
  newServer,
  postForm,
  postJson,
  readJson,
  submitDeviceForm,
  webAppAuthorization,
} from './helpers';

const server = newServer();

async function checksOf(cookie: string): Promise<CheckEvent[]> {
  const { events } = (await (await get(server, '/oauth/lab/trace?after=0', { cookie })).json()) as { events: TraceEvent[] };
  return events.filter((event): event is CheckEvent => event.type === 'check');
}

/** The consent form a learner's browser got, filled in and approved. */
async function consentForm(cookie: string, params = webAppAuthorization()): Promise<URLSearchParams> {
  const form = await consentFormFields(await get(server, authorizeUrl(params), { cookie }));
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  return form;
}

/** A refusal of the form itself: an error page, 403, and the browser is sent nowhere. */
async function expectRefusedPage(response: Response): Promise<void> {
  expect(response.status).toBe(403);
  expect(response.headers.get('location')).toBeNull();
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toContain('access_denied');
}

describe('the consent form carries an anti-CSRF token bound to the learner and the request (RFC 6749 §10.12)', () => {
  it('puts a fresh token in every consent page as a hidden field', async () => {
    const cookie = await learnerCookie(server);
    const first = formToken(await (await get(server, authorizeUrl(webAppAuthorization()), { cookie })).text());
    const second = formToken(await (await get(server, authorizeUrl(webAppAuthorization()), { cookie })).text());
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
  });

  it('accepts the form with its token, without Sec-Fetch-Site, and records both checks as passed', async () => {
    const cookie = await learnerCookie(server);
    const response = await postForm(server, '/oauth/authorize', await consentForm(cookie), { cookie });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get('location')!).searchParams.get('code')).toBeTruthy();
    const checks = await checksOf(cookie);
    expect(checks.find((c) => c.name === 'form posted from this site')).toMatchObject({ verdict: 'pass', inputs: { 'sec-fetch-site': null } });
    expect(checks.find((c) => c.name === 'anti-CSRF token valid')).toMatchObject({ verdict: 'pass', rfc: 'RFC 6749 §10.12', inputs: { form: 'consent' } });
  });

  it('refuses a forged post without Sec-Fetch-Site and without a token with an error page, not a redirect', async () => {
    const cookie = await learnerCookie(server);
    const form = await consentForm(cookie);
    form.delete('csrf_token');
    await expectRefusedPage(await postForm(server, '/oauth/authorize', form, { cookie }));
    const checks = await checksOf(cookie);
    expect(checks.find((c) => c.name === 'anti-CSRF token valid')).toMatchObject({ verdict: 'fail', inputs: { csrf_token: null } });
    expect(checks.some((c) => c.name === 'user authentication')).toBe(false);
  });

  it('refuses a wrong token, a token used twice, and a token issued to another learner', async () => {
    const cookie = await learnerCookie(server);
    const wrong = await consentForm(cookie);
    wrong.set('csrf_token', 'A'.repeat(43));
    await expectRefusedPage(await postForm(server, '/oauth/authorize', wrong, { cookie }));

    const once = await consentForm(cookie);
    expect((await postForm(server, '/oauth/authorize', once, { cookie })).status).toBe(302);
    await expectRefusedPage(await postForm(server, '/oauth/authorize', once, { cookie }));

    const victim = await learnerCookie(server);
    await expectRefusedPage(await postForm(server, '/oauth/authorize', await consentForm(cookie), { cookie: victim }));
  });

  it('refuses a token shown for another authorization request', async () => {
    const cookie = await learnerCookie(server);
    const form = await consentForm(cookie);
    form.set('state', 'forged-state');
    await expectRefusedPage(await postForm(server, '/oauth/authorize', form, { cookie }));
    expect((await checksOf(cookie)).find((c) => c.name === 'anti-CSRF token valid')?.detail).toMatch(/another form or another request/);
  });

  it('still refuses a cross-site post even with a valid token, recording the origin check', async () => {
    const cookie = await learnerCookie(server);
    await expectRefusedPage(await postForm(server, '/oauth/authorize', await consentForm(cookie), { cookie, headers: { 'sec-fetch-site': 'cross-site' } }));
    expect((await checksOf(cookie)).find((c) => c.name === 'form posted from this site')).toMatchObject({ verdict: 'fail', inputs: { 'sec-fetch-site': 'cross-site' } });
  });

  it('re-shows the page with a new token after a wrong password, and that token works', async () => {
    const cookie = await learnerCookie(server);
    const form = await consentForm(cookie);
    form.set('password', 'guess');
    const again = await postForm(server, '/oauth/authorize', form, { cookie });
    expect(again.status).toBe(401);
    const retry = await consentFormFields(again);
    expect(retry.get('csrf_token')).not.toBe(form.get('csrf_token'));
    retry.set('username', 'alice');
    retry.set('password', 'wonderland');
    retry.set('decision', 'approve');
    expect((await postForm(server, '/oauth/authorize', retry, { cookie })).status).toBe(302);
  });
});

async function startDevice(cookie: string): Promise<{ device_code: string; user_code: string }> {
  return (await readJson(await postForm(server, '/oauth/device_authorization', { client_id: 'tv-device', scope: 'profile' }, { cookie }))) as {
    device_code: string;
    user_code: string;
  };
}

function poll(cookie: string, device_code: string) {
  return postForm(server, '/oauth/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code, client_id: 'tv-device' }, { cookie });
}

describe('the device verification form carries the same anti-CSRF token (RFC 6749 §10.12)', () => {
  it('refuses a forged post without a token or with a wrong one; the device stays pending', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const form = { user_code: device.user_code, username: 'alice', password: 'wonderland', decision: 'approve' };
    await expectRefusedPage(await postForm(server, '/oauth/device', form, { cookie }));
    await expectRefusedPage(await postForm(server, '/oauth/device', { ...form, csrf_token: 'A'.repeat(43) }, { cookie }));
    expect((await readJson(await poll(cookie, device.device_code))).error).toBe('authorization_pending');
    expect((await checksOf(cookie)).filter((c) => c.name === 'anti-CSRF token valid').map((c) => c.verdict)).toEqual(['fail', 'fail']);
    expect((await submitDeviceForm(server, form, { cookie })).status).toBe(200);
  });
});

describe('user_code attempts are rate-limited (RFC 8628 §5.1)', () => {
  it('allows 10 wrong codes per learner in 10 minutes, then refuses even the right one (429) until the window passes', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    for (let i = 0; i < 10; i++) {
      expect((await submitDeviceForm(server, { user_code: `BBBB-BBB${'BCDFGHJKLM'[i]}`, username: 'alice', password: 'wonderland', decision: 'approve' }, { cookie })).status).toBe(400);
    }
    const right = { user_code: device.user_code, username: 'alice', password: 'wonderland', decision: 'approve' };
    const locked = await submitDeviceForm(server, right, { cookie });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many wrong codes');
    const attempts = (await checksOf(cookie)).filter((c) => c.name === 'user_code attempts');
    expect(attempts.at(-1)).toMatchObject({ verdict: 'fail', rfc: 'RFC 8628 §5.1', inputs: { wrong_codes_in_window: 10, limit: 10, window_seconds: 600 } });
    expect(attempts.slice(0, -1).every((c) => c.verdict === 'pass')).toBe(true);

    // Another learner is not affected.
    const other = await learnerCookie(server);
    const otherDevice = await startDevice(other);
    expect((await submitDeviceForm(server, { ...right, user_code: otherDevice.user_code }, { cookie: other })).status).toBe(200);

    // On the learner's clock, 10 minutes later the window has passed.
    await postJson(server, '/oauth/lab/clock', { advance_seconds: 600 }, { cookie });
    const device2 = await startDevice(cookie);
    expect((await submitDeviceForm(server, { ...right, user_code: device2.user_code }, { cookie })).status).toBe(200);
  });

  it('uses up a device code after 5 failed sign-ins with it; the device then reads expired_token', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const wrong = { user_code: device.user_code, username: 'alice', password: 'nope', decision: 'approve' };
    for (let i = 0; i < 4; i++) expect((await submitDeviceForm(server, wrong, { cookie })).status).toBe(401);
    const fifth = await submitDeviceForm(server, wrong, { cookie });
    expect(fifth.status).toBe(400);
    expect(await fifth.text()).toContain('Start again on your device');
    expect((await submitDeviceForm(server, { ...wrong, password: 'wonderland' }, { cookie })).status).toBe(400);
    expect((await readJson(await poll(cookie, device.device_code))).error).toBe('expired_token');
    const attempts = (await checksOf(cookie)).filter((c) => c.name === 'user_code attempts' && 'failed_sign_ins_for_this_code' in c.inputs);
    expect(attempts.map((c) => c.verdict)).toEqual(['pass', 'pass', 'pass', 'pass', 'fail']);
  });
});
