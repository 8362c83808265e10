import { describe, expect, it } from 'vitest';
import {
  basic,
  CALLBACK,
  exchangeWebAppCode,
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

describe('token endpoint: authorization_code (RFC 6749 §4.1.3)', () => {
  it('issues a JWT access token and a refresh token with client_secret_basic, not cacheable (§5.1)', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await exchangeWebAppCode(server, code);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = await readJson(response);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(600);
    expect(body.scope).toBe('profile photos.read');
    expect(String(body.access_token).split('.')).toHaveLength(3);
    expect(typeof body.refresh_token).toBe('string');
  });

  it('accepts client_secret_post', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: 'web-app',
      client_secret: 'web-app-secret',
    });
    expect(response.status).toBe(200);
  });

  it('rejects a reused code with invalid_grant and revokes the tokens of the first use (§4.1.2)', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const first = await readJson(await exchangeWebAppCode(server, code));
    const second = await exchangeWebAppCode(server, code);
    expect(second.status).toBe(400);
    expect((await readJson(second)).error).toBe('invalid_grant');
    const refresh = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: String(first.refresh_token) },
      { headers: webAuth },
    );
    expect((await readJson(refresh)).error).toBe('invalid_grant');
  });

  it('rejects an expired code (60 s) with invalid_grant once the learner clock moves on', async () => {
    const cookie = await learnerCookie(server);
    const code = await obtainCode(server, webAppAuthorization(), { cookie });
    const clock = await postJson(server, '/oauth/lab/clock', { advance_seconds: 61 }, { cookie });
    expect(clock.status).toBe(200);
    const response = await exchangeWebAppCode(server, code, { cookie });
    expect(response.status).toBe(400);
    const body = await readJson(response);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/expired/);
  });

  it('answers a wrong secret with 401 invalid_client and a Basic challenge when Basic was used (§5.2)', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
      { headers: { authorization: basic('web-app', 'wrong') } },
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="oauth-sequence-lab"/);
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('answers a wrong client_secret_post with 401 invalid_client without a Basic challenge', async () => {
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'web-app',
      client_secret: 'wrong',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('answers an unknown client with 401 invalid_client', async () => {
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code: 'x' },
      { headers: { authorization: basic('nobody', 'secret') } },
    );
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('answers a request without any client authentication with 401 invalid_client', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code: 'x' });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('refuses two client authentication methods at once with invalid_request (§2.3)', async () => {
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code: 'x', client_secret: 'web-app-secret' },
      { headers: webAuth },
    );
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
  });

  it('refuses a confidential client that sends no secret (none is not registered for it)', async () => {
    const response = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code: 'x', client_id: 'web-app' });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });

  it('rejects an unknown code with invalid_grant', async () => {
    const response = await exchangeWebAppCode(server, 'not-a-code');
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('rejects a missing code with invalid_request', async () => {
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', redirect_uri: CALLBACK },
      { headers: webAuth },
    );
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
  });

  it('rejects a redirect_uri different from the authorization request with invalid_grant', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: 'http://lab.test/other' },
      { headers: webAuth },
    );
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('requires redirect_uri in the token request when the authorization request had it (§4.1.3)', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await postForm(
      server,
      '/oauth/token',
      { grant_type: 'authorization_code', code },
      { headers: webAuth },
    );
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('rejects a code issued to another client with invalid_grant', async () => {
    const code = await obtainCode(server, webAppAuthorization());
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: 'spa',
    });
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('keeps codes of one learner invisible to another', async () => {
    const alice = await learnerCookie(server);
    const code = await obtainCode(server, webAppAuthorization(), { cookie: alice });
    const elsewhere = await exchangeWebAppCode(server, code, { cookie: await learnerCookie(server) });
    expect((await readJson(elsewhere)).error).toBe('invalid_grant');
    const publicNamespace = await exchangeWebAppCode(server, code);
    expect((await readJson(publicNamespace)).error).toBe('invalid_grant');
    expect((await exchangeWebAppCode(server, code, { cookie: alice })).status).toBe(200);
  });
});
