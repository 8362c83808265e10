import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, postJson, readJson, webAppAuthorization } from './helpers';
import { signCompactJwt } from '../../src/authserver/jws';

const server = newServer();

async function accessToken(scope = 'profile photos.read', cookie?: string): Promise<string> {
  const code = await obtainCode(server, webAppAuthorization({ scope }), { cookie });
  return String((await readJson(await exchangeWebAppCode(server, code, { cookie }))).access_token);
}

describe('resource server (RFC 6750)', () => {
  it('returns the profile for a valid bearer token with scope profile', async () => {
    const token = await accessToken();
    const response = await get(server, '/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await readJson(response)).toEqual({
      sub: 'alice',
      name: 'Alice Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
    });
  });

  it('returns only the user’s photos with scope photos.read', async () => {
    const token = await accessToken('photos.read');
    const body = (await readJson(await get(server, '/api/photos', { headers: { authorization: `Bearer ${token}` } }))) as {
      photos: { owner: string }[];
    };
    expect(body.photos.length).toBeGreaterThan(0);
    expect(body.photos.every((photo) => photo.owner === 'alice')).toBe(true);
  });

  it('challenges a request without a token with 401 and no error code (§3.1)', async () => {
    const response = await get(server, '/api/me');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oauth-sequence-lab"');
  });

  it('answers a malformed Authorization header with 400 invalid_request', async () => {
    const response = await get(server, '/api/me', { headers: { authorization: 'Token abc' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_request"/);
  });

  it('answers a forged token with 401 invalid_token', async () => {
    const response = await get(server, '/api/me', { headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect((await readJson(response)).error).toBe('invalid_token');
  });

  it('answers a token without the needed scope with 403 insufficient_scope and names the scope', async () => {
    const token = await accessToken('photos.read');
    const response = await get(server, '/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="profile"/);
    expect((await readJson(response)).error).toBe('insufficient_scope');
  });

  it('answers an expired token (10 minutes on the learner clock) with 401 invalid_token', async () => {
    const cookie = await learnerCookie(server);
    const token = await accessToken('profile', cookie);
    await postJson(server, '/oauth/lab/clock', { advance_seconds: 601 }, { cookie });
    const response = await get(server, '/api/me', { cookie, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error_description).toMatch(/expired/);
  });

  it('refuses a token sent by more than one method (header and query) with 400 invalid_request (§2)', async () => {
    const token = await accessToken();
    const response = await get(server, `/api/me?access_token=${token}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth-sequence-lab", error="invalid_request"/);
  });

  it('reads the token only from the Authorization header (§2.1): a token in the query alone is no token', async () => {
    const cookie = await learnerCookie(server);
    const token = await accessToken('profile', cookie);
    const response = await get(server, `/api/me?access_token=${token}`, { cookie });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="oauth-sequence-lab"');
    const { events } = (await (await get(server, '/oauth/lab/trace?after=0', { cookie })).json()) as { events: { type: string; name?: string; inputs?: unknown; verdict?: string }[] };
    expect(events.findLast((e) => e.name === 'access token present')).toMatchObject({ verdict: 'fail', inputs: { sent_in: ['query'] } });
  });

  it('accepts access tokens signed with RS256, the algorithm every resource server must support, as well as ES256 (RFC 9068 §2.1)', async () => {
    const cookie = await learnerCookie(server);
    const es256 = await accessToken('profile', cookie);
    const keys = await server.keys();
    const rs256 = [...keys.byKid.values()].find((key) => key.alg === 'RS256')!;
    const claims = decodeJwt(es256);
    const token = await signCompactJwt(rs256.sign, { alg: 'RS256', kid: rs256.kid, typ: 'at+jwt' }, claims);
    expect((await get(server, '/api/me', { cookie, headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    // The RS256 key cannot pass for the ES256 one.
    const mislabelled = await signCompactJwt(rs256.sign, { alg: 'RS256', kid: keys.signing.kid, typ: 'at+jwt' }, claims);
    expect((await get(server, '/api/me', { cookie, headers: { authorization: `Bearer ${mislabelled}` } })).status).toBe(401);
  });
});
