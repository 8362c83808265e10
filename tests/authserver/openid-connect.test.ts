import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CLIENTS } from '../../src/authserver/seed';
import { basic, CALLBACK, get, learnerCookie, newServer, obtainCode, ORIGIN, postForm, readJson } from './helpers';

const server = newServer();
const oidcClient = CLIENTS.find((client) => client.client_id === 'oidc-web-app')!;
const VERIFIER = 'x'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

function signIn(extra: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: oidcClient.client_id,
    redirect_uri: CALLBACK,
    scope: 'openid profile email',
    state: 's1',
    nonce: 'n-0S6_WzA2Mj',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...extra,
  };
}

async function redeem(code: string, cookie: string) {
  return postForm(
    server,
    '/oauth/token',
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER },
    { cookie, headers: { authorization: basic(oidcClient.client_id, oidcClient.client_secret!) } },
  );
}

async function tokensFor(extra: Record<string, string> = {}) {
  const cookie = await learnerCookie(server);
  const code = await obtainCode(server, signIn(extra), { cookie });
  const body = await readJson(await redeem(code, cookie));
  return { cookie, body };
}

describe('OpenID Connect sign-in (OpenID Connect Core 1.0)', () => {
  it('issues an RS256 ID token with iss, sub, aud, exp, iat, auth_time, the nonce and at_hash (§2, §3.1.3.6)', async () => {
    const { body } = await tokensFor();
    const idToken = String(body.id_token);
    expect(decodeProtectedHeader(idToken).alg).toBe('RS256');
    const jwks = createLocalJWKSet((await readJson(await get(server, '/oauth/jwks'))) as never);
    const { payload } = await jwtVerify(idToken, jwks, { issuer: ORIGIN, audience: oidcClient.client_id });
    expect(payload.sub).toBe('alice');
    expect(payload.nonce).toBe('n-0S6_WzA2Mj');
    expect(typeof payload.auth_time).toBe('number');
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    const hash = createHash('sha256').update(String(body.access_token)).digest();
    expect(payload.at_hash).toBe(hash.subarray(0, 16).toString('base64url'));
  });

  it('puts no nonce in the ID token when the request had none', async () => {
    const { body } = await tokensFor({ nonce: '' });
    const payload = JSON.parse(Buffer.from(String(body.id_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).not.toHaveProperty('nonce');
  });

  it('issues no ID token without the openid scope', async () => {
    const { body } = await tokensFor({ scope: 'profile' });
    expect(body.access_token).toBeTypeOf('string');
    expect(body).not.toHaveProperty('id_token');
  });

  it('answers prompt=none with login_required at the redirect URI (§3.1.2.6)', async () => {
    const response = await get(server, `/oauth/authorize?${new URLSearchParams(signIn({ prompt: 'none' }))}`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('login_required');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('refuses a max_age that is not a number of seconds with invalid_request (§3.1.2.1)', async () => {
    const response = await get(server, `/oauth/authorize?${new URLSearchParams(signIn({ max_age: '-1' }))}`);
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts max_age: the user always signs in anew', async () => {
    const { body } = await tokensFor({ max_age: '0' });
    expect(body.id_token).toBeTypeOf('string');
  });
});

describe('UserInfo (OpenID Connect Core 1.0 §5.3)', () => {
  it('returns sub and the claims of the granted scopes, by GET and by POST', async () => {
    const { body, cookie } = await tokensFor();
    const authorization = `Bearer ${String(body.access_token)}`;
    const expected = {
      sub: 'alice',
      name: 'Alice Liddell',
      given_name: 'Alice',
      family_name: 'Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: true,
    };
    const byGet = await get(server, '/oauth/userinfo', { cookie, headers: { authorization } });
    expect(byGet.status).toBe(200);
    expect(await readJson(byGet)).toEqual(expected);
    const byPost = await postForm(server, '/oauth/userinfo', '', { cookie, headers: { authorization } });
    expect(await readJson(byPost)).toEqual(expected);
  });

  it('releases only what the scope asks for', async () => {
    const { body, cookie } = await tokensFor({ scope: 'openid email' });
    const response = await get(server, '/oauth/userinfo', { cookie, headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(await readJson(response)).toEqual({ sub: 'alice', email: 'alice@example.com', email_verified: true });
  });

  it('refuses a token without openid with 403 insufficient_scope (§5.3.3)', async () => {
    const { body, cookie } = await tokensFor({ scope: 'profile' });
    const response = await get(server, '/oauth/userinfo', { cookie, headers: { authorization: `Bearer ${String(body.access_token)}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="insufficient_scope".*scope="openid"/);
  });

  it('challenges a request without a token, and refuses a forged one with invalid_token', async () => {
    expect((await get(server, '/oauth/userinfo')).status).toBe(401);
    const forged = await get(server, '/oauth/userinfo', { headers: { authorization: 'Bearer not.a.token' } });
    expect(forged.status).toBe(401);
    expect((await readJson(forged)).error).toBe('invalid_token');
  });

  it('records its checks in the learner’s trace', async () => {
    const { body, cookie } = await tokensFor();
    await get(server, '/oauth/userinfo', { cookie, headers: { authorization: `Bearer ${String(body.access_token)}` } });
    const trace = (await readJson(await get(server, '/oauth/lab/trace', { cookie }))) as { events: { type: string; name?: string }[] };
    const names = trace.events.filter((event) => event.type === 'check').map((event) => event.name);
    expect(names).toEqual(expect.arrayContaining(['OpenID Connect request', 'access token valid', 'token names a user']));
  });
});

describe('OpenID Connect Discovery 1.0 §3', () => {
  it('publishes every required field and the UserInfo endpoint', async () => {
    const metadata = await readJson(await get(server, '/.well-known/openid-configuration'));
    expect(metadata).toMatchObject({
      issuer: ORIGIN,
      authorization_endpoint: `${ORIGIN}/oauth/authorize`,
      token_endpoint: `${ORIGIN}/oauth/token`,
      jwks_uri: `${ORIGIN}/oauth/jwks`,
      userinfo_endpoint: `${ORIGIN}/oauth/userinfo`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
    expect(metadata.response_types_supported).toContain('code');
    expect(metadata.scopes_supported).toContain('openid');
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'nonce', 'auth_time', 'email', 'email_verified']));
  });
});
