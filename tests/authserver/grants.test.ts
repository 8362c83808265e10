import { describe, expect, it } from 'vitest';
import { GRANTS } from '../../src/authserver/grants';
import {
  basic,
  exchangeWebAppCode,
  get,
  learnerCookie,
  newServer,
  obtainCode,
  postForm,
  postJson,
  readJson,
  webAppAuthorization,
  webAuth,
} from './helpers';

const server = newServer();
const serviceAuth = { authorization: basic('reporting-service', 'reporting-service-secret') };

async function webAppTokens(cookie?: string, scope?: string) {
  const code = await obtainCode(server, webAppAuthorization(scope ? { scope } : {}), { cookie });
  return readJson(await exchangeWebAppCode(server, code, { cookie }));
}

function refresh(refresh_token: string, extra: Record<string, string> = {}, cookie?: string) {
  return postForm(server, '/oauth/token', { grant_type: 'refresh_token', refresh_token, ...extra }, { cookie, headers: webAuth });
}

describe('refresh_token grant with rotation (RFC 6749 §6, RFC 9700 §4.14.2)', () => {
  it('returns a new access token and a new refresh token on every use', async () => {
    const first = await webAppTokens();
    const response = await refresh(String(first.refresh_token));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const second = await readJson(response);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.scope).toBe('profile photos.read');
    expect((await refresh(String(second.refresh_token))).status).toBe(200);
  });

  it('revokes the whole grant when a rotated refresh token is reused', async () => {
    const first = await webAppTokens();
    const second = await readJson(await refresh(String(first.refresh_token)));
    const reuse = await refresh(String(first.refresh_token));
    expect(reuse.status).toBe(400);
    expect((await readJson(reuse)).error).toBe('invalid_grant');
    // The newest refresh token and the access token of the same grant are dead too.
    expect((await readJson(await refresh(String(second.refresh_token)))).error).toBe('invalid_grant');
    const me = await get(server, '/api/me', { headers: { authorization: `Bearer ${second.access_token}` } });
    expect(me.status).toBe(401);
  });

  it('may narrow the scope, never widen it (invalid_scope)', async () => {
    const tokens = await webAppTokens();
    const narrowed = await readJson(await refresh(String(tokens.refresh_token), { scope: 'profile' }));
    expect(narrowed.scope).toBe('profile');
    const widened = await refresh(String(narrowed.refresh_token), { scope: 'profile photos.write' });
    expect(widened.status).toBe(400);
    expect((await readJson(widened)).error).toBe('invalid_scope');
  });

  it('rejects a refresh token of another client with invalid_grant', async () => {
    const tokens = await webAppTokens();
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.refresh_token),
      client_id: 'spa',
    });
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('rejects an expired refresh token (1 day on the learner clock) with invalid_grant', async () => {
    const cookie = await learnerCookie(server);
    const tokens = await webAppTokens(cookie);
    await postJson(server, '/oauth/lab/clock', { advance_seconds: 24 * 3600 + 1 }, { cookie });
    const response = await refresh(String(tokens.refresh_token), {}, cookie);
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('rejects an unknown refresh token with invalid_grant and a missing one with invalid_request', async () => {
    expect((await readJson(await refresh('nope'))).error).toBe('invalid_grant');
    const missing = await postForm(server, '/oauth/token', { grant_type: 'refresh_token' }, { headers: webAuth });
    expect((await readJson(missing)).error).toBe('invalid_request');
  });
});

describe('client_credentials grant (RFC 6749 §4.4)', () => {
  it('issues an access token without a refresh token', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, { headers: serviceAuth });
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(body.scope).toBe('photos.read');
    expect(body.refresh_token).toBeUndefined();
    const photos = await get(server, '/api/photos', { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(photos.status).toBe(200);
  });

  it('rejects a scope the service may not have with invalid_scope', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', scope: 'profile' }, { headers: serviceAuth });
    expect((await readJson(response)).error).toBe('invalid_scope');
  });

  it('refuses client_credentials to a client not registered for it with unauthorized_client', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, { headers: webAuth });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('unauthorized_client');
  });

  it('refuses client_credentials to a public client', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'client_credentials', client_id: 'spa' });
    expect((await readJson(response)).error).toBe('unauthorized_client');
  });
});

describe('token endpoint grant types', () => {
  it('answers an unknown grant_type with unsupported_grant_type', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'password', username: 'alice', password: 'wonderland' }, { headers: webAuth });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('unsupported_grant_type');
  });

  it('answers a missing grant_type with invalid_request', async () => {
    const response = await postForm(server, '/oauth/token', { code: 'x' }, { headers: webAuth });
    expect((await readJson(response)).error).toBe('invalid_request');
  });
});

describe('revocation (RFC 7009)', () => {
  it('revoking a refresh token revokes its grant, access token included (§2.1)', async () => {
    const tokens = await webAppTokens();
    const response = await postForm(server, '/oauth/revoke', { token: String(tokens.refresh_token), token_type_hint: 'refresh_token' }, { headers: webAuth });
    expect(response.status).toBe(200);
    expect((await readJson(await refresh(String(tokens.refresh_token)))).error).toBe('invalid_grant');
    expect((await get(server, '/api/me', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
  });

  it('revoking an access token makes the API refuse it', async () => {
    const tokens = await webAppTokens();
    expect((await postForm(server, '/oauth/revoke', { token: String(tokens.access_token) }, { headers: webAuth })).status).toBe(200);
    const me = await get(server, '/api/me', { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(me.status).toBe(401);
    expect((await readJson(me)).error).toBe('invalid_token');
    // The refresh token of the grant still works.
    expect((await refresh(String(tokens.refresh_token))).status).toBe(200);
  });

  it('answers 200 for an unknown token (§2.2)', async () => {
    expect((await postForm(server, '/oauth/revoke', { token: 'unknown' }, { headers: webAuth })).status).toBe(200);
  });

  it('refuses to revoke another client’s token with 400 invalid_request, and revokes nothing (§2.1)', async () => {
    const tokens = await webAppTokens();
    for (const token of [tokens.refresh_token, tokens.access_token]) {
      const response = await postForm(server, '/oauth/revoke', { token: String(token) }, { headers: serviceAuth });
      expect(response.status).toBe(400);
      expect((await readJson(response)).error).toBe('invalid_request');
    }
    expect((await get(server, '/api/me', { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(200);
    expect((await refresh(String(tokens.refresh_token))).status).toBe(200);
  });

  it('requires client authentication (401 invalid_client) and a token (invalid_request)', async () => {
    const unauthenticated = await postForm(server, '/oauth/revoke', { token: 'x' });
    expect(unauthenticated.status).toBe(401);
    expect((await readJson(unauthenticated)).error).toBe('invalid_client');
    const missing = await postForm(server, '/oauth/revoke', {}, { headers: webAuth });
    expect((await readJson(missing)).error).toBe('invalid_request');
  });
});

describe('introspection (RFC 7662)', () => {
  it('describes an active access token', async () => {
    const tokens = await webAppTokens();
    const response = await postForm(server, '/oauth/introspect', { token: String(tokens.access_token) }, { headers: serviceAuth });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toMatchObject({
      active: true,
      scope: 'profile photos.read',
      client_id: 'web-app',
      username: 'alice',
      sub: 'alice',
      token_type: 'Bearer',
      iss: 'http://lab.test',
    });
  });

  it('describes an active refresh token, and a rotated one as inactive', async () => {
    const tokens = await webAppTokens();
    const active = await readJson(await postForm(server, '/oauth/introspect', { token: String(tokens.refresh_token) }, { headers: webAuth }));
    expect(active).toMatchObject({ active: true, client_id: 'web-app' });
    await refresh(String(tokens.refresh_token));
    const rotated = await readJson(await postForm(server, '/oauth/introspect', { token: String(tokens.refresh_token) }, { headers: webAuth }));
    expect(rotated).toEqual({ active: false });
  });

  it('answers {"active": false} for unknown, expired and revoked tokens', async () => {
    expect(await readJson(await postForm(server, '/oauth/introspect', { token: 'garbage' }, { headers: webAuth }))).toEqual({ active: false });
    const cookie = await learnerCookie(server);
    const tokens = await webAppTokens(cookie);
    await postJson(server, '/oauth/lab/clock', { advance_seconds: 700 }, { cookie });
    const expired = await postForm(server, '/oauth/introspect', { token: String(tokens.access_token) }, { cookie, headers: webAuth });
    expect(await readJson(expired)).toEqual({ active: false });
  });

  it('requires a confidential client (401 invalid_client)', async () => {
    const response = await postForm(server, '/oauth/introspect', { token: 'x', client_id: 'spa' });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });
});

describe('discovery and keys', () => {
  it('publishes RFC 8414 metadata at both well-known paths', async () => {
    const metadata = await readJson(await get(server, '/.well-known/oauth-authorization-server'));
    expect(metadata).toMatchObject({
      issuer: 'http://lab.test',
      authorization_endpoint: 'http://lab.test/oauth/authorize',
      token_endpoint: 'http://lab.test/oauth/token',
      jwks_uri: 'http://lab.test/oauth/jwks',
      revocation_endpoint: 'http://lab.test/oauth/revoke',
      introspection_endpoint: 'http://lab.test/oauth/introspect',
      device_authorization_endpoint: 'http://lab.test/oauth/device_authorization',
      code_challenge_methods_supported: ['S256', 'plain'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.grant_types_supported).toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(await readJson(await get(server, '/.well-known/openid-configuration'))).toEqual(metadata);
  });

  it('lists exactly the grants the token endpoint dispatches on, plus implicit (RFC 8414 §2)', async () => {
    const metadata = (await readJson(await get(server, '/.well-known/oauth-authorization-server'))) as { grant_types_supported: string[] };
    expect(metadata.grant_types_supported).toEqual([...GRANTS.keys(), 'implicit']);
    for (const grant_type of GRANTS.keys()) {
      const response = await postForm(server, '/oauth/token', { grant_type }, { headers: webAuth });
      expect((await readJson(response)).error, grant_type).not.toBe('unsupported_grant_type');
    }
    expect((await readJson(await postForm(server, '/oauth/token', { grant_type: 'implicit' }, { headers: webAuth }))).error).toBe('unsupported_grant_type');
  });

  it('publishes an RS256 and an ES256 public key and signs access tokens with the ES256 one (RFC 9068 §2.1, §4)', async () => {
    const jwks = (await readJson(await get(server, '/oauth/jwks'))) as unknown as {
      keys: { kid: string; kty: string; alg: string; use: string; d?: string; p?: string }[];
    };
    expect(jwks.keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
      ['RSA', 'RS256', 'sig'],
      ['EC', 'ES256', 'sig'],
    ]);
    for (const key of jwks.keys) expect(key.d ?? key.p).toBeUndefined();
    const tokens = await webAppTokens();
    const header = JSON.parse(Buffer.from(String(tokens.access_token).split('.')[0]!, 'base64url').toString()) as { kid: string; typ: string; alg: string };
    expect(header).toEqual({ alg: 'ES256', kid: jwks.keys[1]!.kid, typ: 'at+jwt' });
  });
});
