import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer, ENDPOINTS } from '../../src/authserver';
import { CLIENT_PAGES } from '../../src/authserver/paths';
import { CLIENTS, resourceIdentifier } from '../../src/authserver/seed';
import { listen } from './http-server';

/**
 * openid-client, a certified OpenID Connect relying party, drives the new endpoints over real
 * HTTP from nothing but the discovery document: ID token validation, UserInfo, PAR, DPoP, and
 * dynamic registration for an audience-restricted MCP token.
 */
let origin: string;
let close: () => Promise<void>;
let cookie = '';

const fetchAsLearner: client.CustomFetch = (url, options) => {
  const headers = new Headers(options.headers);
  headers.set('cookie', cookie);
  return fetch(url, { ...options, headers } as RequestInit);
};
const options = { execute: [client.allowInsecureRequests], [client.customFetch]: fetchAsLearner };
const seeded = (predicate: (demo: (typeof CLIENTS)[number]) => boolean) => CLIENTS.find(predicate)!;
const oidcClient = seeded((demo) => demo.client_id === 'oidc-web-app');
const parClient = seeded((demo) => demo.require_pushed_authorization_requests === true);
const dpopClient = seeded((demo) => demo.dpop_bound_access_tokens === true);
const redirectUri = () => `${origin}${CLIENT_PAGES.callback}`;

/** What a browser does: open the authorization URL, submit the consent form, stop at the redirect. */
async function approveInBrowser(authorizationUrl: URL): Promise<URL> {
  const page = await fetchAsLearner(authorizationUrl.href, { redirect: 'manual' } as client.CustomFetchOptions);
  expect(page.status).toBe(200);
  const html = await page.text();
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(name!, value!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))));
  }
  for (const [, value] of html.matchAll(/name="consent_scope" value="([^"]+)" checked/g)) form.append('consent_scope', value!);
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  const submitted = await fetchAsLearner(new URL(ENDPOINTS.authorize, origin).href, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'sec-fetch-site': 'same-origin' },
    body: form.toString(),
  } as client.CustomFetchOptions);
  expect(submitted.status).toBe(302);
  return new URL(submitted.headers.get('location')!);
}

async function signInParameters() {
  const code_verifier = client.randomPKCECodeVerifier();
  return {
    code_verifier,
    nonce: client.randomNonce(),
    state: client.randomState(),
    code_challenge: await client.calculatePKCECodeChallenge(code_verifier),
  };
}

beforeAll(async () => {
  ({ origin, close } = await listen(createAuthServer().handle));
  cookie = (await fetch(`${origin}${ENDPOINTS.labTrace}`)).headers.get('set-cookie')?.split(';')[0] ?? '';
  expect(cookie).toMatch(/^osl_learner=/);
});

afterAll(async () => {
  await close();
});

describe('openid-client against the server over HTTP', () => {
  it('discovers the provider, validates the ID token with its nonce, and reads UserInfo', async () => {
    const config = await client.discovery(new URL(origin), oidcClient.client_id, oidcClient.client_secret, undefined, options);
    expect(config.serverMetadata().userinfo_endpoint).toBe(`${origin}${ENDPOINTS.userinfo}`);
    const { code_verifier, nonce, state, code_challenge } = await signInParameters();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(),
      scope: 'openid profile email',
      nonce,
      state,
      code_challenge,
      code_challenge_method: 'S256',
    });
    const tokens = await client.authorizationCodeGrant(config, await approveInBrowser(url), {
      pkceCodeVerifier: code_verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: origin, sub: 'alice', aud: oidcClient.client_id, nonce });
    expect(claims.at_hash).toBeTypeOf('string');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({ sub: 'alice', name: 'Alice Liddell', email: 'alice@example.com', email_verified: true });
  });

  it('refuses an ID token whose nonce is not the one it sent', async () => {
    const config = await client.discovery(new URL(origin), oidcClient.client_id, oidcClient.client_secret, undefined, options);
    const { code_verifier, nonce, state, code_challenge } = await signInParameters();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri(), scope: 'openid', nonce, state, code_challenge, code_challenge_method: 'S256' });
    const refused = await client
      .authorizationCodeGrant(config, await approveInBrowser(url), { pkceCodeVerifier: code_verifier, expectedNonce: client.randomNonce(), expectedState: state })
      .catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', cause: { cause: { claim: 'nonce' } } });
  });

  it('pushes the request (PAR): the browser carries only client_id and request_uri', async () => {
    const config = await client.discovery(new URL(origin), parClient.client_id, parClient.client_secret, undefined, options);
    const { code_verifier, nonce, state, code_challenge } = await signInParameters();
    const url = await client.buildAuthorizationUrlWithPAR(config, {
      redirect_uri: redirectUri(),
      scope: 'openid profile',
      nonce,
      state,
      code_challenge,
      code_challenge_method: 'S256',
    });
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const tokens = await client.authorizationCodeGrant(config, await approveInBrowser(url), {
      pkceCodeVerifier: code_verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    expect(tokens.claims()!.sub).toBe('alice');
  });

  it('binds the tokens to a DPoP key, answering the server’s nonce, for UserInfo and the API', async () => {
    const config = await client.discovery(new URL(origin), dpopClient.client_id, undefined, client.None(), options);
    const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const { code_verifier, nonce, state, code_challenge } = await signInParameters();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri(), scope: 'openid profile photos.read', nonce, state, code_challenge, code_challenge_method: 'S256' });
    const tokens = await client.authorizationCodeGrant(
      config,
      await approveInBrowser(url),
      { pkceCodeVerifier: code_verifier, expectedNonce: nonce, expectedState: state },
      undefined,
      { DPoP },
    );
    expect(tokens.token_type).toBe('dpop');
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, 'alice', { DPoP });
    expect(userinfo.name).toBe('Alice Liddell');
    const photos = await client.fetchProtectedResource(config, tokens.access_token, new URL(ENDPOINTS.apiPhotos, origin), 'GET', undefined, undefined, { DPoP });
    expect(photos.status).toBe(200);
    const stolen = await fetch(new URL(ENDPOINTS.apiPhotos, origin), { headers: { authorization: `Bearer ${tokens.access_token}`, cookie } });
    expect(stolen.status).toBe(401);
    expect(stolen.headers.get('www-authenticate')).toMatch(/^DPoP .*error="invalid_token"/);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP });
    expect(refreshed.token_type).toBe('dpop');
  });

  it('registers itself (RFC 7591) and calls the MCP resource with a token for that resource only', async () => {
    const mcp = resourceIdentifier(origin, 'mcp');
    const config = await client.dynamicClientRegistration(
      new URL(origin),
      { client_name: 'Test agent', redirect_uris: [redirectUri()], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] },
      client.None(),
      options,
    );
    expect(config.clientMetadata().client_id).toMatch(/^dyn-/);
    const { code_verifier, state, code_challenge } = await signInParameters();
    const url = client.buildAuthorizationUrl(config, { redirect_uri: redirectUri(), scope: 'photos.read', state, code_challenge, code_challenge_method: 'S256', resource: mcp });
    const tokens = await client.authorizationCodeGrant(config, await approveInBrowser(url), { pkceCodeVerifier: code_verifier, expectedState: state }, { resource: mcp });
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = new Headers({ 'content-type': 'application/json', accept: 'application/json, text/event-stream' });
    const listed = await client.fetchProtectedResource(config, tokens.access_token, new URL(mcp), 'POST', body, headers);
    expect(((await listed.json()) as { result: { tools: { name: string }[] } }).result.tools[0]!.name).toBe('list_photos');
    // The API is another resource: it refuses the token, and the library reports the challenge.
    await expect(client.fetchProtectedResource(config, tokens.access_token, new URL(ENDPOINTS.apiPhotos, origin), 'GET')).rejects.toMatchObject({
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    });
  });
});
