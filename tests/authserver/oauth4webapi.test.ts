import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../../src/authserver';
import { listen } from './http-server';
import { formToken } from './helpers';

/**
 * A maintained, spec-compliant client library drives the real server over HTTP,
 * starting from nothing but the discovery document.
 * Set AUTHSERVER_ORIGIN (e.g. http://127.0.0.1:4321 after `npm start`) to run the same
 * journey against the built site, through Astro's Node adapter.
 */
let origin: string;
let close: () => Promise<void>;
let as: oauth.AuthorizationServer;
/** The learner id the server issues on the first lab request (set in `beforeAll`). */
let cookie = '';

/** Every request of this test belongs to one learner (so the test can move that learner's clock). */
const fetchAsLearner: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('cookie', cookie);
  return fetch(input, { ...init, headers });
};
const options = {
  [oauth.allowInsecureRequests]: true,
  [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) => fetchAsLearner(url, init as RequestInit),
};

async function advanceClock(seconds: number): Promise<void> {
  const response = await fetchAsLearner(`${origin}/oauth/lab/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance_seconds: seconds }),
  });
  expect(response.status).toBe(200);
}

/** What a browser does: open the authorization URL, fill in and submit the consent form, follow the redirect. */
async function approveInBrowser(authorizationUrl: URL): Promise<URL> {
  const page = await fetchAsLearner(authorizationUrl, { redirect: 'manual' });
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  expect(action).toBe('/oauth/authorize');
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(name!, value!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))));
  }
  for (const [, value] of html.matchAll(/name="consent_scope" value="([^"]+)" checked/g)) form.append('consent_scope', value!);
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  const submitted = await fetchAsLearner(new URL(action!, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-origin' },
    body: form,
  });
  expect(submitted.status).toBe(302);
  return new URL(submitted.headers.get('location')!);
}

beforeAll(async () => {
  const external = process.env.AUTHSERVER_ORIGIN;
  ({ origin, close } = external ? { origin: external, close: async () => undefined } : await listen(createAuthServer().handle));
  // The server issues the learner id on the first lab request, as the walk-through gets it.
  cookie = (await fetch(`${origin}/oauth/lab/trace`)).headers.get('set-cookie')?.split(';')[0] ?? '';
  expect(cookie).toMatch(/^osl_learner=/);
  const issuer = new URL(origin);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { ...options, algorithm: 'oauth2' }));
});

afterAll(async () => {
  await close();
});

describe('a standard client (oauth4webapi) against the server over HTTP', () => {
  const spa: oauth.Client = { client_id: 'spa' };
  const web: oauth.Client = { client_id: 'web-app' };
  const webAuth = oauth.ClientSecretBasic('web-app-secret');
  let tokens: oauth.TokenEndpointResponse;
  let firstRefreshToken: string;

  it('discovers the endpoints from the RFC 8414 metadata', () => {
    expect(as.issuer).toBe(origin);
    expect(as.token_endpoint).toBe(`${origin}/oauth/token`);
    expect(as.authorization_response_iss_parameter_supported).toBe(true);
  });

  it('runs authorization code + PKCE, consent submitted as a browser would', async () => {
    const code_verifier = oauth.generateRandomCodeVerifier();
    const code_challenge = await oauth.calculatePKCECodeChallenge(code_verifier);
    const state = oauth.generateRandomState();
    const redirect_uri = `${origin}/lab/callback`;
    const authorizationUrl = new URL(as.authorization_endpoint!);
    authorizationUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: spa.client_id,
      redirect_uri,
      scope: 'profile photos.read',
      state,
      code_challenge,
      code_challenge_method: 'S256',
    }).toString();
    const callback = await approveInBrowser(authorizationUrl);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirect_uri);
    const params = oauth.validateAuthResponse(as, spa, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(as, spa, oauth.None(), params, redirect_uri, code_verifier, options);
    tokens = await oauth.processAuthorizationCodeResponse(as, spa, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('profile photos.read');
    expect(tokens.refresh_token).toBeTypeOf('string');
  });

  it('calls the API with the bearer token', async () => {
    const response = await oauth.protectedResourceRequest(tokens.access_token, 'GET', new URL(`${origin}/api/me`), undefined, undefined, options);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: 'alice', name: 'Alice Liddell' });
  });

  it('refreshes with rotation', async () => {
    firstRefreshToken = tokens.refresh_token!;
    const response = await oauth.refreshTokenGrantRequest(as, spa, oauth.None(), firstRefreshToken, options);
    const refreshed = await oauth.processRefreshTokenResponse(as, spa, response);
    expect(refreshed.refresh_token).toBeTypeOf('string');
    expect(refreshed.refresh_token).not.toBe(firstRefreshToken);
    tokens = refreshed;
  });

  it('detects reuse of the rotated refresh token and revokes the grant', async () => {
    const reuse = await oauth.refreshTokenGrantRequest(as, spa, oauth.None(), firstRefreshToken, options);
    await expect(oauth.processRefreshTokenResponse(as, spa, reuse)).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    const newest = await oauth.refreshTokenGrantRequest(as, spa, oauth.None(), tokens.refresh_token!, options);
    await expect(oauth.processRefreshTokenResponse(as, spa, newest)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('gets a token with client credentials', async () => {
    const service: oauth.Client = { client_id: 'reporting-service' };
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      service,
      oauth.ClientSecretPost('reporting-service-secret'),
      { scope: 'photos.read' },
      options,
    );
    const result = await oauth.processClientCredentialsResponse(as, service, response);
    expect(result.scope).toBe('photos.read');
    expect(result.refresh_token).toBeUndefined();
    const photos = await oauth.protectedResourceRequest(result.access_token, 'GET', new URL(`${origin}/api/photos`), undefined, undefined, options);
    expect(photos.status).toBe(200);
  });

  it('runs the device flow, polling until the user approves', async () => {
    const tv: oauth.Client = { client_id: 'tv-device' };
    const authorization = await oauth.processDeviceAuthorizationResponse(
      as,
      tv,
      await oauth.deviceAuthorizationRequest(as, tv, oauth.None(), { scope: 'profile' }, options),
    );
    const pollOnce = async () =>
      oauth.processDeviceCodeResponse(as, tv, await oauth.deviceCodeGrantRequest(as, tv, oauth.None(), authorization.device_code, options));
    await expect(pollOnce()).rejects.toMatchObject({ error: 'authorization_pending' });
    await expect(pollOnce()).rejects.toMatchObject({ error: 'slow_down' });

    const verification = new URL(authorization.verification_uri_complete!);
    const page = await fetchAsLearner(verification);
    const html = await page.text();
    expect(html).toContain('Photo Frame TV (device)');
    const approve = await fetchAsLearner(new URL('/oauth/device', origin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({
        csrf_token: formToken(html),
        user_code: authorization.user_code,
        username: 'alice',
        password: 'wonderland',
        decision: 'approve',
      }),
    });
    expect(approve.status).toBe(200);

    await advanceClock(15);
    const result = await pollOnce();
    expect(result.scope).toBe('profile');
    expect(result.access_token).toBeTypeOf('string');
  });

  it('introspects and revokes tokens', async () => {
    const code_verifier = oauth.generateRandomCodeVerifier();
    const redirect_uri = `${origin}/lab/callback`;
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: web.client_id,
      redirect_uri,
      scope: 'profile',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(code_verifier),
      code_challenge_method: 'S256',
    }).toString();
    const params = oauth.validateAuthResponse(as, web, await approveInBrowser(url), state);
    const webTokens = await oauth.processAuthorizationCodeResponse(
      as,
      web,
      await oauth.authorizationCodeGrantRequest(as, web, webAuth, params, redirect_uri, code_verifier, options),
    );

    const active = await oauth.processIntrospectionResponse(
      as,
      web,
      await oauth.introspectionRequest(as, web, webAuth, webTokens.access_token, options),
    );
    expect(active).toMatchObject({ active: true, client_id: 'web-app', scope: 'profile', sub: 'alice' });

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, web, webAuth, webTokens.refresh_token!, options));
    const inactive = await oauth.processIntrospectionResponse(
      as,
      web,
      await oauth.introspectionRequest(as, web, webAuth, webTokens.access_token, options),
    );
    expect(inactive.active).toBe(false);
    const api = oauth.protectedResourceRequest(webTokens.access_token, 'GET', new URL(`${origin}/api/me`), undefined, undefined, options);
    await expect(api).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    });
  });
});
