import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLIENTS } from '../../src/authserver/seed';
import { CALLBACK, get, learnerCookie, newServer, obtainCode, ORIGIN, postForm, readJson, webAuth } from './helpers';

const server = newServer();
const dpopClient = CLIENTS.find((client) => client.dpop_bound_access_tokens)!;
const VERIFIER = 'd'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

interface Holder {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newHolder(): Promise<Holder> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { privateKey, jwk: await exportJWK(publicKey) };
}

interface ProofClaims {
  htm?: string;
  htu?: string;
  iat?: number;
  jti?: string;
  nonce?: string;
  ath?: string;
}

async function proof(holder: Holder, claims: ProofClaims, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ htm: 'POST', htu: `${ORIGIN}/oauth/token`, iat: Math.floor(Date.now() / 1000), jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: holder.jwk, ...header })
    .sign(holder.privateKey);
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

let holder: Holder;
beforeAll(async () => {
  holder = await newHolder();
});

async function authorizationCode(cookie: string): Promise<string> {
  return obtainCode(
    server,
    {
      response_type: 'code',
      client_id: dpopClient.client_id,
      redirect_uri: CALLBACK,
      scope: 'openid profile photos.read',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    },
    { cookie },
  );
}

function tokenRequest(cookie: string, form: Record<string, string>, dpop?: string) {
  return postForm(server, '/oauth/token', { client_id: dpopClient.client_id, ...form }, { cookie, headers: dpop ? { dpop } : {} });
}

/** The nonce the server hands out: a first proof without one gets use_dpop_nonce and the DPoP-Nonce header. */
async function serverNonce(cookie: string): Promise<string> {
  const response = await tokenRequest(cookie, { grant_type: 'refresh_token', refresh_token: 'x' }, await proof(holder, {}));
  expect(response.status).toBe(400);
  expect((await readJson(response)).error).toBe('use_dpop_nonce');
  return response.headers.get('dpop-nonce')!;
}

async function boundTokens(cookie: string) {
  const nonce = await serverNonce(cookie);
  const code = await authorizationCode(cookie);
  const response = await tokenRequest(cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER }, await proof(holder, { nonce }));
  expect(response.status).toBe(200);
  return { nonce, body: await readJson(response) };
}

function apiCall(cookie: string, path: string, token: string, dpop?: string, scheme = 'DPoP') {
  return get(server, path, { cookie, headers: { authorization: `${scheme} ${token}`, ...(dpop ? { dpop } : {}) } });
}

describe('DPoP at the token endpoint (RFC 9449 §5)', () => {
  it('asks for its nonce with 400 use_dpop_nonce and a DPoP-Nonce header (§8)', async () => {
    const nonce = await serverNonce(await learnerCookie(server));
    expect(nonce).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('issues token_type DPoP, an access token with cnf.jkt = the key’s thumbprint, and an ID token', async () => {
    const { body } = await boundTokens(await learnerCookie(server));
    expect(body.token_type).toBe('DPoP');
    expect(decodeJwt(String(body.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(holder.jwk) });
    expect(body.id_token).toBeTypeOf('string');
  });

  it('refuses a client registered for bound tokens that sends no proof', async () => {
    const cookie = await learnerCookie(server);
    const code = await authorizationCode(cookie);
    const response = await tokenRequest(cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: VERIFIER });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
  });

  it.each<[string, () => Promise<string>]>([
    ['for another URL (htu)', async () => proof(holder, { htu: `${ORIGIN}/oauth/par` })],
    ['for another method (htm)', async () => proof(holder, { htm: 'GET' })],
    ['too old (iat)', async () => proof(holder, { iat: Math.floor(Date.now() / 1000) - 3600 })],
    ['without typ dpop+jwt', async () => proof(holder, {}, { typ: 'JWT' })],
    ['carrying a private key', async () => proof(holder, {}, { jwk: { ...holder.jwk, d: 'AAAA' } })],
    ['signed by a key other than the one it carries', async () => proof(holder, {}, { jwk: (await newHolder()).jwk })],
    ['that is not a JWT', async () => 'not-a-jwt'],
  ])('refuses a proof %s with 400 invalid_dpop_proof', async (_, make) => {
    const response = await tokenRequest(await learnerCookie(server), { grant_type: 'refresh_token', refresh_token: 'x' }, await make());
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_dpop_proof');
  });

  it('refuses a replayed proof (same jti) with invalid_dpop_proof (§11.1)', async () => {
    const cookie = await learnerCookie(server);
    const nonce = await serverNonce(cookie);
    const replayed = await proof(holder, { nonce });
    const first = await tokenRequest(cookie, { grant_type: 'refresh_token', refresh_token: 'x' }, replayed);
    expect((await readJson(first)).error).toBe('invalid_grant');
    const second = await tokenRequest(cookie, { grant_type: 'refresh_token', refresh_token: 'x' }, replayed);
    expect(second.status).toBe(400);
    expect((await readJson(second)).error).toBe('invalid_dpop_proof');
  });

  it('binds the public client’s refresh token to the key: another key is refused', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const refresh_token = String(body.refresh_token);
    const stranger = await newHolder();
    const refused = await tokenRequest(cookie, { grant_type: 'refresh_token', refresh_token }, await proof(stranger, { nonce }));
    expect((await readJson(refused)).error).toBe('invalid_grant');
  });

  it('refreshes with a proof by the same key, and the new token is bound too', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const response = await tokenRequest(cookie, { grant_type: 'refresh_token', refresh_token: String(body.refresh_token) }, await proof(holder, { nonce }));
    const refreshed = await readJson(response);
    expect(refreshed.token_type).toBe('DPoP');
    expect(decodeJwt(String(refreshed.access_token)).cnf).toEqual({ jkt: await calculateJwkThumbprint(holder.jwk) });
  });

  it('introspects a bound token as token_type DPoP with its cnf (§6.2)', async () => {
    const cookie = await learnerCookie(server);
    const { body } = await boundTokens(cookie);
    const response = await postForm(server, '/oauth/introspect', { token: String(body.access_token) }, { cookie, headers: webAuth });
    expect(await readJson(response)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: await calculateJwkThumbprint(holder.jwk) } });
  });

  it('advertises dpop_signing_alg_values_supported', async () => {
    const metadata = await readJson(await get(server, '/.well-known/oauth-authorization-server'));
    expect(metadata.dpop_signing_alg_values_supported).toEqual(['ES256', 'RS256', 'PS256']);
  });
});

describe('DPoP at the resource server (RFC 9449 §7)', () => {
  it('answers the API and UserInfo with a fresh proof carrying ath', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const token = String(body.access_token);
    const photos = await apiCall(cookie, '/api/photos', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/photos`, nonce, ath: ath(token) }));
    expect(photos.status).toBe(200);
    const userinfo = await apiCall(cookie, '/oauth/userinfo', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/oauth/userinfo`, nonce, ath: ath(token) }));
    expect(userinfo.status).toBe(200);
    expect((await readJson(userinfo)).sub).toBe('alice');
  });

  it('refuses the stolen token alone, as Bearer, with a DPoP invalid_token challenge (§7.2)', async () => {
    const cookie = await learnerCookie(server);
    const { body } = await boundTokens(cookie);
    const response = await apiCall(cookie, '/api/photos', String(body.access_token), undefined, 'Bearer');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);
    expect(response.headers.get('www-authenticate')).toMatch(/algs="ES256 RS256 PS256"/);
  });

  it('refuses the DPoP scheme without a proof, or with a proof by another key', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const token = String(body.access_token);
    const noProof = await apiCall(cookie, '/api/photos', token);
    expect(noProof.status).toBe(401);
    expect(noProof.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const thief = await newHolder();
    const otherKey = await apiCall(cookie, '/api/photos', token, await proof(thief, { htm: 'GET', htu: `${ORIGIN}/api/photos`, nonce, ath: ath(token) }));
    expect(otherKey.status).toBe(401);
    expect(otherKey.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);
  });

  it('refuses a proof for another URL, without ath, or replayed, with invalid_dpop_proof', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const token = String(body.access_token);
    const wrongUrl = await apiCall(cookie, '/api/photos', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/me`, nonce, ath: ath(token) }));
    expect(wrongUrl.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const noAth = await apiCall(cookie, '/api/photos', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/photos`, nonce }));
    expect(noAth.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const once = await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/photos`, nonce, ath: ath(token) });
    expect((await apiCall(cookie, '/api/photos', token, once)).status).toBe(200);
    const replay = await apiCall(cookie, '/api/photos', token, once);
    expect(replay.status).toBe(401);
    expect(replay.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
  });

  it('asks for its nonce with 401 use_dpop_nonce and DPoP-Nonce (§9)', async () => {
    const cookie = await learnerCookie(server);
    const { body } = await boundTokens(cookie);
    const token = String(body.access_token);
    const response = await apiCall(cookie, '/api/photos', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/photos`, ath: ath(token) }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^DPoP .*error="use_dpop_nonce"/);
    expect(response.headers.get('dpop-nonce')).toBeTruthy();
  });

  it('lets browsers send DPoP and read DPoP-Nonce (CORS)', async () => {
    const preflight = await server.handle(new Request(`${ORIGIN}/oauth/token`, { method: 'OPTIONS' }));
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/\bDPoP\b/);
    const response = await tokenRequest(await learnerCookie(server), { grant_type: 'refresh_token', refresh_token: 'x' }, await proof(holder, {}));
    expect(response.headers.get('access-control-expose-headers')).toMatch(/\bDPoP-Nonce\b/);
  });

  it('records the proof, nonce, replay and binding checks in the trace', async () => {
    const cookie = await learnerCookie(server);
    const { nonce, body } = await boundTokens(cookie);
    const token = String(body.access_token);
    await apiCall(cookie, '/api/photos', token, await proof(holder, { htm: 'GET', htu: `${ORIGIN}/api/photos`, nonce, ath: ath(token) }));
    const trace = (await readJson(await get(server, '/oauth/lab/trace', { cookie }))) as { events: { type: string; name?: string }[] };
    const names = trace.events.filter((event) => event.type === 'check').map((event) => event.name);
    expect(names).toEqual(expect.arrayContaining(['DPoP proof valid', 'DPoP nonce current', 'DPoP proof not replayed', 'DPoP key matches token', 'DPoP proof present']));
  });
});
