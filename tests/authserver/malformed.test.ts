import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/events';
import { basic, exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, ORIGIN, postForm, readJson, webAppAuthorization, webAuth } from './helpers';
import type { AuthServer } from '../../src/authserver';

const server = newServer();

function raw(target: AuthServer, path: string, init: RequestInit): Promise<Response> {
  return target.handle(new Request(new URL(path, ORIGIN), init));
}

async function expectRfcError(response: Response, status: number, error: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect((await readJson(response)).error).toBe(error);
}

describe('malformed input gets a 4xx RFC error, never a 5xx', () => {
  it('duplicated parameters → invalid_request (RFC 6749 §3.1)', async () => {
    await expectRfcError(await postForm(server, '/oauth/token', 'grant_type=client_credentials&grant_type=client_credentials', { headers: webAuth }), 400, 'invalid_request');
    await expectRfcError(await postForm(server, '/oauth/token', 'grant_type=authorization_code&code=a&code=b', { headers: webAuth }), 400, 'invalid_request');
    await expectRfcError(await postForm(server, '/oauth/revoke', 'token=a&token=b', { headers: webAuth }), 400, 'invalid_request');
  });

  it('wrong content type → invalid_request', async () => {
    for (const contentType of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const response = await raw(server, '/oauth/token', {
        method: 'POST',
        body: '{"grant_type":"client_credentials"}',
        headers: { 'content-type': contentType, ...webAuth },
      });
      await expectRfcError(response, 400, 'invalid_request');
    }
    await expectRfcError(await raw(server, '/oauth/token', { method: 'POST', headers: webAuth }), 400, 'invalid_request');
  });

  it('oversized bodies → 413 with a JSON error, whether declared or streamed', async () => {
    const big = `grant_type=client_credentials&pad=${'a'.repeat(70 * 1024)}`;
    await expectRfcError(await postForm(server, '/oauth/token', big, { headers: webAuth }), 413, 'invalid_request');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 80; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(1024)));
        controller.close();
      },
    });
    const response = await raw(server, '/oauth/token', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit);
    await expectRfcError(response, 413, 'invalid_request');
  });

  it('garbage bodies → 4xx', async () => {
    const garbage = ['%%%', '=&=&', '\u0000\u0001\u0002', 'grant_type=%E0%A4%A', 'a'.repeat(1000), '{"json":true}'];
    for (const body of garbage) {
      const response = await postForm(server, '/oauth/token', body, { headers: webAuth });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(typeof (await readJson(response)).error).toBe('string');
    }
    const bytes = await raw(server, '/oauth/token', {
      method: 'POST',
      body: new Uint8Array([0xff, 0xfe, 0x00, 0x80]),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...webAuth },
    });
    expect(bytes.status).toBe(400);
  });

  it('garbage Authorization headers → 401 invalid_client', async () => {
    for (const authorization of ['Basic', 'Basic !!!', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Bearer abc', `Basic ${Buffer.from('%zz:x').toString('base64')}`]) {
      await expectRfcError(await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, { headers: { authorization } }), 401, 'invalid_client');
    }
  });

  it('unknown endpoints → 404 and wrong methods → 405 with Allow', async () => {
    await expectRfcError(await get(server, '/oauth/nothing'), 404, 'invalid_request');
    const response = await get(server, '/oauth/token');
    expect(response.headers.get('allow')).toBe('POST');
    await expectRfcError(response, 405, 'invalid_request');
    await expectRfcError(await raw(server, '/oauth/token', { method: 'DELETE' }), 405, 'invalid_request');
  });

  it('a consent form in the wrong format → error page, no redirect', async () => {
    const response = await raw(server, '/oauth/authorize', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('never changes stored state: a code survives a barrage of bad requests', async () => {
    const cookie = await learnerCookie(server);
    const code = await obtainCode(server, webAppAuthorization(), { cookie });
    const bad: Promise<Response>[] = [
      postForm(server, '/oauth/token', `grant_type=authorization_code&code=${code}&code=${code}`, { cookie, headers: webAuth }),
      postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: 'http://evil.test/' }, { cookie, headers: webAuth }),
      postForm(server, '/oauth/token', { grant_type: 'authorization_code', code }, { cookie, headers: { authorization: basic('web-app', 'wrong') } }),
      postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, client_id: 'spa' }, { cookie }),
      postForm(server, '/oauth/token', { grant_type: 'implicit', code }, { cookie, headers: webAuth }),
      postForm(server, '/oauth/token', `grant_type=authorization_code&code=${code}&pad=${'x'.repeat(70_000)}`, { cookie, headers: webAuth }),
      raw(server, '/oauth/token', { method: 'POST', body: JSON.stringify({ grant_type: 'authorization_code', code }), headers: { 'content-type': 'application/json', cookie, ...webAuth } }),
      postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, code_verifier: 'x'.repeat(43) }, { cookie, headers: webAuth }),
    ];
    for (const response of await Promise.all(bad)) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect((await exchangeWebAppCode(server, code, { cookie })).status).toBe(200);
  });

  it('records malformed requests in the trace as well', async () => {
    const cookie = await learnerCookie(server);
    await postForm(server, '/oauth/token', 'grant_type=a&grant_type=b', { cookie, headers: webAuth });
    const { events } = (await (await get(server, '/oauth/lab/trace', { cookie })).json()) as { events: TraceEvent[] };
    expect(events[0]).toMatchObject({ type: 'exchange', response: { status: 400 } });
  });
});
