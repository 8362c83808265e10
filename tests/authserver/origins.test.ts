import { describe, expect, it } from 'vitest';
import { checkHost, configuredOrigins, createAuthServer, ENDPOINTS } from '../../src/authserver';
import { readJson } from './helpers';

const ORIGINS = configuredOrigins({ PORT: '4332' });
const server = createAuthServer({ origins: ORIGINS });

function request(origin: string, path: string, init: RequestInit = {}): Promise<Response> {
  return server.handle(new Request(new URL(path, origin), init));
}

describe('the issuer comes from configuration, never from the Host header (RFC 8414 §2)', () => {
  it('defaults to the loopback origins of PORT, and PUBLIC_ORIGIN alone when set', () => {
    expect(ORIGINS).toEqual(['http://localhost:4332', 'http://127.0.0.1:4332']);
    expect(configuredOrigins({})).toEqual(['http://localhost:4321', 'http://127.0.0.1:4321']);
    expect(configuredOrigins({ PUBLIC_ORIGIN: 'https://Lab.Example.org', PORT: '8080' })).toEqual(['https://lab.example.org']);
    expect(() => configuredOrigins({ PUBLIC_ORIGIN: 'https://lab.example.org/path' })).toThrow(/bare http\(s\) origin/);
    expect(() => configuredOrigins({ PUBLIC_ORIGIN: 'lab.example.org' })).toThrow(/PUBLIC_ORIGIN/);
    expect(() => configuredOrigins({ PORT: 'http' })).toThrow(/PORT/);
  });

  it('answers a request for another origin with 421 and builds nothing from it', async () => {
    const response = await request('http://evil.example', ENDPOINTS.metadata);
    expect(response.status).toBe(421);
    expect((await readJson(response)).error).toBe('invalid_request');
    const authorize = await request(
      'http://evil.example',
      `${ENDPOINTS.authorize}?${new URLSearchParams({ response_type: 'code', client_id: 'web-app', redirect_uri: 'http://evil.example/lab/callback', state: 's' })}`,
    );
    expect(authorize.status).toBe(421);
    expect(authorize.headers.get('location')).toBeNull();
  });

  it('the issuer of a request is the allowed origin it was addressed to, in every URL of the metadata', async () => {
    for (const origin of ORIGINS) {
      const metadata = await readJson(await request(origin, ENDPOINTS.metadata));
      expect(metadata.issuer).toBe(origin);
      for (const [name, value] of Object.entries(metadata)) {
        if (typeof value === 'string' && /^https?:/.test(value)) expect(`${name}: ${value}`).toMatch(new RegExp(`^${name}: ${origin}(/|$)`));
      }
    }
  });

  it('resolves the registered /lab/callback against the issuer, so a redirect_uri on another host is refused (RFC 6749 §3.1.2.4)', async () => {
    const params = { response_type: 'code', client_id: 'web-app', redirect_uri: 'http://evil.example/lab/callback', state: 's' };
    const response = await request(ORIGINS[0]!, `${ENDPOINTS.authorize}?${new URLSearchParams(params)}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('puts the configured origin in verification_uri_complete (RFC 8628 §3.2)', async () => {
    const response = await request(ORIGINS[1]!, ENDPOINTS.deviceAuthorization, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'tv-device', scope: 'profile' }),
    });
    const body = await readJson(response);
    expect(String(body.verification_uri_complete)).toMatch(/^http:\/\/127\.0\.0\.1:4332\/oauth\/device\?user_code=/);
  });
});

describe('Host header validation (RFC 9110 §7.2)', () => {
  it('accepts an allowed host, case-insensitively, and gives its origin', () => {
    expect(checkHost(ORIGINS, 'localhost:4332')).toEqual({ ok: true, origin: 'http://localhost:4332' });
    expect(checkHost(ORIGINS, 'LOCALHOST:4332')).toEqual({ ok: true, origin: 'http://localhost:4332' });
    expect(checkHost(ORIGINS, '127.0.0.1:4332')).toEqual({ ok: true, origin: 'http://127.0.0.1:4332' });
    expect(checkHost(['https://lab.example.org'], 'lab.example.org:443')).toEqual({ ok: true, origin: 'https://lab.example.org' });
  });

  it('answers a well-formed host it does not serve with 421 Misdirected Request', () => {
    for (const host of ['evil.example', 'localhost:4333', '[::1]:4332', 'localhost']) {
      expect(checkHost(ORIGINS, host)).toMatchObject({ ok: false, status: 421 });
    }
  });

  it('gives the same verdicts after many made-up hosts (the verdicts it remembers are bounded)', () => {
    for (let i = 0; i < 300; i++) expect(checkHost(ORIGINS, `host-${i}.example:4332`)).toMatchObject({ ok: false, status: 421 });
    expect(checkHost(ORIGINS, 'localhost:4332')).toEqual({ ok: true, origin: 'http://localhost:4332' });
    expect(checkHost(ORIGINS, 'host-0.example:4332')).toMatchObject({ ok: false, status: 421 });
    // The same host for other origins is judged against those.
    expect(checkHost(['http://localhost:9999'], 'localhost:4332')).toMatchObject({ ok: false, status: 421 });
  });

  it('refuses a Host with userinfo, a path or a query, or none at all, with 400', () => {
    for (const host of ['127.0.0.1:4332@evil.example', 'localhost:4332/oauth/lab/trace?', 'localhost:4332?x', 'a b', '', undefined]) {
      expect(checkHost(ORIGINS, host)).toMatchObject({ ok: false, status: 400 });
    }
  });
});
