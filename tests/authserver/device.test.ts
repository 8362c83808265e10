import { describe, expect, it } from 'vitest';
import { get, learnerCookie, newServer, postForm, postJson, readJson, submitDeviceForm } from './helpers';

const server = newServer();
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

async function startDevice(cookie: string) {
  const response = await postForm(server, '/oauth/device_authorization', { client_id: 'tv-device', scope: 'profile photos.read' }, { cookie });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as {
    device_code: string;
    user_code: string;
    verification_uri: string;
    verification_uri_complete: string;
    expires_in: number;
    interval: number;
  };
}

function poll(device_code: string, cookie: string) {
  return postForm(server, '/oauth/token', { grant_type: DEVICE_GRANT, device_code, client_id: 'tv-device' }, { cookie });
}

function waitInterval(cookie: string, seconds = 5) {
  return postJson(server, '/oauth/lab/clock', { advance_seconds: seconds }, { cookie });
}

function verify(cookie: string, form: Record<string, string>) {
  return submitDeviceForm(server, form, { cookie });
}

describe('device authorization grant (RFC 8628)', () => {
  it('answers the device authorization request (§3.2)', async () => {
    const device = await startDevice(await learnerCookie(server));
    expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(device.verification_uri).toBe('http://lab.test/oauth/device');
    expect(device.verification_uri_complete).toBe(`http://lab.test/oauth/device?user_code=${encodeURIComponent(device.user_code)}`);
    expect(device.expires_in).toBe(600);
    expect(device.interval).toBe(5);
  });

  it('polls authorization_pending, then slow_down when too fast, then gets tokens after approval (§3.5)', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const pending = await poll(device.device_code, cookie);
    expect(pending.status).toBe(400);
    expect((await readJson(pending)).error).toBe('authorization_pending');
    const tooFast = await poll(device.device_code, cookie);
    expect((await readJson(tooFast)).error).toBe('slow_down');
    // The interval is now 10 s: 5 s later is still too fast.
    await waitInterval(cookie, 5);
    expect((await readJson(await poll(device.device_code, cookie))).error).toBe('slow_down');

    const page = await get(server, `/oauth/device?user_code=${device.user_code.replace('-', '').toLowerCase()}`, { cookie });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Photo Frame TV (device)');
    expect(html).toContain('<label for="user_code">Code shown on your device</label>');
    const approved = await verify(cookie, { user_code: device.user_code.toLowerCase(), username: 'alice', password: 'wonderland', decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('Device connected');

    await waitInterval(cookie, 15);
    const tokens = await poll(device.device_code, cookie);
    expect(tokens.status).toBe(200);
    const body = await readJson(tokens);
    expect(body.scope).toBe('profile photos.read');
    expect(typeof body.refresh_token).toBe('string');
    const me = await get(server, '/api/me', { cookie, headers: { authorization: `Bearer ${body.access_token}` } });
    expect((await readJson(me)).sub).toBe('alice');
    // The device code is used up.
    await waitInterval(cookie, 15);
    expect((await readJson(await poll(device.device_code, cookie))).error).toBe('invalid_grant');
  });

  it('answers access_denied when the user denies', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const denied = await verify(cookie, { user_code: device.user_code, decision: 'deny' });
    expect(await denied.text()).toContain('Device denied');
    const response = await poll(device.device_code, cookie);
    expect((await readJson(response)).error).toBe('access_denied');
  });

  it('answers expired_token once the device code has expired', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    await waitInterval(cookie, 601);
    expect((await readJson(await poll(device.device_code, cookie))).error).toBe('expired_token');
  });

  it('re-shows the verification page for a wrong code or a wrong password', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const wrongCode = await verify(cookie, { user_code: 'BBBB-BBBB', username: 'alice', password: 'wonderland', decision: 'approve' });
    expect(wrongCode.status).toBe(400);
    expect(await wrongCode.text()).toContain('role="alert"');
    const wrongPassword = await verify(cookie, { user_code: device.user_code, username: 'alice', password: 'nope', decision: 'approve' });
    expect(wrongPassword.status).toBe(401);
    expect((await readJson(await poll(device.device_code, cookie))).error).toBe('authorization_pending');
  });

  it('rejects an unknown device_code with invalid_grant and a client not registered for the device flow', async () => {
    const cookie = await learnerCookie(server);
    expect((await readJson(await poll('unknown', cookie))).error).toBe('invalid_grant');
    const spa = await postForm(server, '/oauth/device_authorization', { client_id: 'spa' }, { cookie });
    expect(spa.status).toBe(400);
    expect((await readJson(spa)).error).toBe('unauthorized_client');
  });

  it('rejects a device_code presented by another client with invalid_grant', async () => {
    const cookie = await learnerCookie(server);
    const device = await startDevice(cookie);
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: DEVICE_GRANT, device_code: device.device_code, client_id: 'spa' },
      { cookie },
    );
    // spa is not registered for the device grant at all.
    expect((await readJson(response)).error).toBe('unauthorized_client');
  });
});
