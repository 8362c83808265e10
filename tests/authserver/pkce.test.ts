import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CheckEvent, TraceEvent } from '../../src/trace/events';
import { CLIENT_PAGES, ENDPOINTS } from '../../src/authserver/paths';
import { authorizeAndDecide, authorizeUrl, CALLBACK, get, learnerCookie, newServer, obtainCode, ORIGIN, postForm, readJson } from './helpers';

const server = newServer();

/** The checks the server recorded for a learner, in order. */
async function checksOf(cookie: string): Promise<CheckEvent[]> {
  const { events } = (await (await get(server, '/oauth/lab/trace?after=0', { cookie })).json()) as { events: TraceEvent[] };
  return events.filter((event): event is CheckEvent => event.type === 'check');
}

function pkcePair() {
  const code_verifier = randomBytes(32).toString('base64url');
  const code_challenge = createHash('sha256').update(code_verifier).digest('base64url');
  return { code_verifier, code_challenge };
}

function spaAuthorization(extra: Record<string, string> = {}) {
  return { response_type: 'code', client_id: 'spa', redirect_uri: CALLBACK, scope: 'profile', state: 's1', ...extra };
}

function spaToken(code: string, code_verifier?: string) {
  return postForm(server, '/oauth/token', {
    grant_type: 'authorization_code',
    code,
    redirect_uri: CALLBACK,
    client_id: 'spa',
    ...(code_verifier ? { code_verifier } : {}),
  });
}

describe('PKCE (RFC 7636) and public clients', () => {
  it('issues tokens to a public client with a matching S256 verifier (§4.6)', async () => {
    const { code_verifier, code_challenge } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge, code_challenge_method: 'S256' }));
    const response = await spaToken(code, code_verifier);
    expect(response.status).toBe(200);
    expect(typeof (await readJson(response)).refresh_token).toBe('string');
  });

  it('accepts the plain method, which is the default when the method is omitted (§4.3)', async () => {
    const { code_verifier } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge: code_verifier }));
    expect((await spaToken(code, code_verifier)).status).toBe(200);
  });

  it('rejects a wrong verifier with invalid_grant, and the code stays usable by the real client', async () => {
    const { code_verifier, code_challenge } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge, code_challenge_method: 'S256' }));
    const wrong = await spaToken(code, pkcePair().code_verifier);
    expect(wrong.status).toBe(400);
    expect((await readJson(wrong)).error).toBe('invalid_grant');
    expect((await spaToken(code, code_verifier)).status).toBe(200);
  });

  it('shows the computed hash and the stored challenge side by side in its check, equal when they match (§4.6)', async () => {
    const cookie = await learnerCookie(server);
    const { code_verifier, code_challenge } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge, code_challenge_method: 'S256' }), { cookie });
    const wrong = pkcePair().code_verifier;
    const refused = await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: 'spa', code_verifier: wrong }, { cookie });
    expect((await readJson(refused)).error).toBe('invalid_grant');
    await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, client_id: 'spa', code_verifier }, { cookie });
    const [failed, passed] = (await checksOf(cookie)).filter((check) => check.name === 'PKCE S256 verifier');
    expect(failed).toMatchObject({ verdict: 'fail', inputs: { code_verifier: wrong, code_challenge } });
    expect(failed!.inputs['BASE64URL(SHA256(code_verifier))']).toBe(createHash('sha256').update(wrong).digest('base64url'));
    expect(passed).toMatchObject({ verdict: 'pass', inputs: { code_verifier, 'BASE64URL(SHA256(code_verifier))': code_challenge, code_challenge } });
  });

  it('rejects a missing verifier when the code has a challenge with invalid_grant', async () => {
    const { code_challenge } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge, code_challenge_method: 'S256' }));
    expect((await readJson(await spaToken(code))).error).toBe('invalid_grant');
  });

  it('rejects a verifier for a code issued without a challenge (downgrade, RFC 9700 §2.1.1)', async () => {
    const code = await obtainCode(server, {
      response_type: 'code',
      client_id: 'web-app',
      redirect_uri: CALLBACK,
      scope: 'profile',
    });
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      client_id: 'web-app',
      client_secret: 'web-app-secret',
      code_verifier: pkcePair().code_verifier,
    });
    expect((await readJson(response)).error).toBe('invalid_grant');
  });

  it('rejects a malformed verifier with invalid_request (§4.1)', async () => {
    const { code_challenge } = pkcePair();
    const code = await obtainCode(server, spaAuthorization({ code_challenge, code_challenge_method: 'S256' }));
    expect((await readJson(await spaToken(code, 'too-short'))).error).toBe('invalid_request');
  });

  it('redirects invalid_request when a public client sends no code_challenge (§4.4.1)', async () => {
    const response = await get(server, authorizeUrl(spaAuthorization()));
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('redirects invalid_request for an unsupported code_challenge_method (§4.4.1)', async () => {
    const response = await get(server, authorizeUrl(spaAuthorization({ code_challenge: pkcePair().code_challenge, code_challenge_method: 'S512' })));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('redirects invalid_request for a malformed code_challenge (§4.2)', async () => {
    const response = await get(server, authorizeUrl(spaAuthorization({ code_challenge: 'short', code_challenge_method: 'S256' })));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses a public client at the token endpoint when it sends a secret', async () => {
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code: 'x',
      client_id: 'spa',
      client_secret: 'anything',
    });
    expect(response.status).toBe(401);
    expect((await readJson(response)).error).toBe('invalid_client');
  });
});

describe('native apps (RFC 8252)', () => {
  const { code_verifier, code_challenge } = pkcePair();
  const native = (redirect_uri: string) => ({
    response_type: 'code',
    client_id: 'native-app',
    redirect_uri,
    scope: 'profile',
    code_challenge,
    code_challenge_method: 'S256',
  });

  it('accepts a loopback redirect on any port (§7.3)', async () => {
    for (const redirect_uri of ['http://127.0.0.1:53123/lab/native-callback', 'http://[::1]:8080/lab/native-callback']) {
      const response = await authorizeAndDecide(server, native(redirect_uri));
      expect(response.headers.get('location')).toMatch(new RegExp(`^${redirect_uri.replace(/[[\]]/g, '\\$&')}\\?code=`));
    }
  });

  it('names the loopback match in its check, so the learner sees why another port is accepted (§7.3)', async () => {
    const cookie = await learnerCookie(server);
    await get(server, authorizeUrl(native('http://127.0.0.1:61234/lab/native-callback')), { cookie });
    const check = (await checksOf(cookie)).find((c) => c.name.startsWith('redirect_uri matches'));
    expect(check).toMatchObject({
      name: 'redirect_uri matches (loopback, any port)',
      verdict: 'pass',
      rfc: 'RFC 8252 §7.3',
      inputs: { registered: ['com.example.nativeapp:/callback', 'http://127.0.0.1/lab/native-callback', `${ORIGIN}/lab/native-callback`], received: 'http://127.0.0.1:61234/lab/native-callback' },
    });
  });

  it('redeems a loopback code with the same redirect_uri', async () => {
    const redirect_uri = 'http://127.0.0.1:49152/lab/native-callback';
    const code = await obtainCode(server, native(redirect_uri));
    const response = await postForm(server, '/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri,
      client_id: 'native-app',
      code_verifier,
    });
    expect(response.status).toBe(200);
  });

  it('accepts the private-use scheme redirect (§7.1)', async () => {
    const response = await authorizeAndDecide(server, native('com.example.nativeapp:/callback'));
    expect(response.headers.get('location')).toMatch(/^com\.example\.nativeapp:\/callback\?code=/);
  });

  it('accepts the claimed https redirect on the site’s own origin, exactly, and no other port or path of it (§7.2, §8.4)', async () => {
    const claimed = `${ORIGIN}/lab/native-callback`;
    const response = await authorizeAndDecide(server, native(claimed));
    expect(response.headers.get('location')).toMatch(new RegExp(`^${claimed.replace(/[.]/g, '\\.')}\\?code=`));
    for (const redirect_uri of [`${ORIGIN}:8443/lab/native-callback`, `${ORIGIN}/lab/native-callback/other`, `${CALLBACK}`]) {
      const refused = await get(server, authorizeUrl(native(redirect_uri)));
      expect(refused.status, redirect_uri).toBe(400);
      expect(refused.headers.get('location')).toBeNull();
    }
  });

  it('refuses a loopback redirect with another path, and "localhost" (§8.3), with an error page', async () => {
    for (const redirect_uri of ['http://127.0.0.1:5000/other', 'http://localhost:5000/lab/native-callback', 'https://127.0.0.1:5000/lab/native-callback']) {
      const response = await get(server, authorizeUrl(native(redirect_uri)));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    }
  });

  describe('only for clients registered as native apps, on a site opened at 127.0.0.1 (RFC 9700 §2.1, RFC 8252 §8.3)', () => {
    const SITE = 'http://127.0.0.1:4321';
    const open = (params: Record<string, string>) => server.handle(new Request(`${SITE}${authorizeUrl(params)}`));
    const pkce = { code_challenge, code_challenge_method: 'S256' };
    const web = [
      { response_type: 'code', client_id: 'web-app', scope: 'profile' },
      { response_type: 'code', client_id: 'spa', scope: 'profile', ...pkce },
      { response_type: 'token', client_id: 'legacy-implicit', scope: 'profile' },
    ];

    it('web clients accept their registered redirect_uri exactly, and refuse it on another port or on [::1]', async () => {
      for (const client of web) {
        expect((await open({ ...client, redirect_uri: `${SITE}/lab/callback` })).status, client.client_id).toBe(200);
        for (const redirect_uri of ['http://127.0.0.1:4322/lab/callback', 'http://127.0.0.1:53123/lab/callback', 'http://[::1]:4321/lab/callback']) {
          const response = await open({ ...client, redirect_uri });
          expect(response.status, `${client.client_id} ${redirect_uri}`).toBe(400);
          expect(response.headers.get('location')).toBeNull();
        }
      }
    });

    it('the native app accepts any port on 127.0.0.1 and [::1], never localhost', async () => {
      for (const redirect_uri of ['http://127.0.0.1:4322/lab/native-callback', 'http://127.0.0.1:53123/lab/native-callback', 'http://[::1]:8080/lab/native-callback']) {
        expect((await open(native(redirect_uri))).status, redirect_uri).toBe(200);
      }
      for (const redirect_uri of ['http://localhost:4321/lab/native-callback', 'http://localhost/lab/native-callback']) {
        const response = await open(native(redirect_uri));
        expect(response.status, redirect_uri).toBe(400);
        expect(response.headers.get('location')).toBeNull();
      }
    });
  });

  it('requires redirect_uri when several are registered (§3.1.2.3), with an error page', async () => {
    const params: Record<string, string> = native('x');
    delete params.redirect_uri;
    const response = await get(server, authorizeUrl(params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('implicit grant (legacy lesson only, RFC 6749 §4.2)', () => {
  it('returns the access token in the fragment for the legacy client', async () => {
    const response = await authorizeAndDecide(server, {
      response_type: 'token',
      client_id: 'legacy-implicit',
      redirect_uri: CALLBACK,
      scope: 'profile',
      state: 'st',
    });
    const location = new URL(response.headers.get('location')!);
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('access_token')!.split('.')).toHaveLength(3);
    expect(fragment.get('state')).toBe('st');
    expect(fragment.has('refresh_token')).toBe(false);
    const me = await get(server, '/api/me', { headers: { authorization: `Bearer ${fragment.get('access_token')}` } });
    expect(me.status).toBe(200);
  });

  it('records that the token was issued with no code exchange and no client authentication (RFC 9700 §2.1.2)', async () => {
    const cookie = await learnerCookie(server);
    await authorizeAndDecide(server, { response_type: 'token', client_id: 'legacy-implicit', redirect_uri: CALLBACK, scope: 'profile', state: 'st' }, { cookie });
    expect((await checksOf(cookie)).find((c) => c.name === 'token issued without a code exchange')).toMatchObject({
      verdict: 'pass',
      rfc: 'RFC 9700 §2.1.2',
      inputs: { client_id: 'legacy-implicit', client_authentication: 'none', code_exchange: 'none', pkce: 'none', delivered_in: 'URL fragment' },
    });
  });

  it('sends errors for the legacy client in the fragment too (§4.2.2.1)', async () => {
    const response = await get(server, authorizeUrl({ response_type: 'token', client_id: 'legacy-implicit', redirect_uri: CALLBACK, scope: 'admin' }));
    const location = new URL(response.headers.get('location')!);
    expect(new URLSearchParams(location.hash.slice(1)).get('error')).toBe('invalid_scope');
  });

  it('refuses response_type=code for the implicit-only client with unauthorized_client', async () => {
    const response = await get(server, authorizeUrl({ response_type: 'code', client_id: 'legacy-implicit', redirect_uri: CALLBACK }));
    expect(new URL(response.headers.get('location')!).searchParams.get('error')).toBe('unauthorized_client');
  });
});

describe('photo-widget: the implicit token leak lesson’s app, registered for both grants', () => {
  const WIDGET_CALLBACK = `${ORIGIN}${CLIENT_PAGES.widgetCallback}`;
  const widget = (extra: Record<string, string>) => ({ client_id: 'photo-widget', redirect_uri: WIDGET_CALLBACK, scope: 'profile', state: 'st', ...extra });

  it('gets the access token in the fragment with response_type=token (RFC 6749 §4.2.2)', async () => {
    const response = await authorizeAndDecide(server, widget({ response_type: 'token' }));
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(WIDGET_CALLBACK);
    expect(new URLSearchParams(location.hash.slice(1)).get('token_type')).toBe('Bearer');
  });

  it('gets a code with PKCE, which a thief without the verifier cannot redeem (RFC 7636 §4.6), and the app can', async () => {
    const { code_verifier, code_challenge } = pkcePair();
    const code = await obtainCode(server, widget({ response_type: 'code', code_challenge, code_challenge_method: 'S256' }));
    const redeem = (verifier?: string) =>
      postForm(server, ENDPOINTS.token, { grant_type: 'authorization_code', code, redirect_uri: WIDGET_CALLBACK, client_id: 'photo-widget', ...(verifier ? { code_verifier: verifier } : {}) });
    const stolen = await redeem();
    expect(stolen.status).toBe(400);
    expect((await readJson(stolen)).error).toBe('invalid_grant');
    expect((await redeem(code_verifier)).status).toBe(200);
  });
});
