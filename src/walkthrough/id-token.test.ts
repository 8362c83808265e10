import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { atHash, idTokenChecks, type IdTokenExpectations } from './id-token';

const issuer = 'http://localhost:4321';
const now = 1_800_000_000;
let jwks: JSONWebKeySet;
let privateKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
});

async function idToken(claims: Record<string, unknown>, accessToken = 'the-access-token'): Promise<string> {
  const defaults = { iss: issuer, sub: 'alice', aud: 'oidc-web-app', iat: now, exp: now + 600, nonce: 'n-1', at_hash: await atHash(accessToken, 'RS256') };
  return new SignJWT({ ...defaults, ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(privateKey);
}

const expected = (overrides: Partial<IdTokenExpectations> = {}): IdTokenExpectations => ({
  issuer,
  client_id: 'oidc-web-app',
  nonce: 'n-1',
  access_token: 'the-access-token',
  jwks,
  algorithms: ['RS256'],
  now,
  ...overrides,
});

const failed = (checks: { name: string; passed: boolean }[]) => checks.filter((c) => !c.passed).map((c) => c.name);

describe('idTokenChecks (OIDC Core §3.1.3.7)', () => {
  it('passes every rule for the ID token of this login', async () => {
    const checks = await idTokenChecks(await idToken({}), expected());
    expect(checks.map((c) => c.name)).toEqual(['ID token signature', 'ID token iss', 'ID token aud', 'ID token exp and iat', 'ID token nonce', 'ID token at_hash']);
    expect(failed(checks)).toEqual([]);
  });

  it('refuses a token issued for another login’s nonce (§3.1.3.7 (11))', async () => {
    expect(failed(await idTokenChecks(await idToken({}), expected({ nonce: 'n-other' })))).toEqual(['ID token nonce']);
  });

  it('refuses a token without a nonce', async () => {
    expect(failed(await idTokenChecks(await idToken({ nonce: undefined }), expected()))).toEqual(['ID token nonce']);
  });

  it('refuses another audience, another issuer, an expired token and another access token', async () => {
    expect(failed(await idTokenChecks(await idToken({ aud: 'someone-else' }), expected()))).toEqual(['ID token aud']);
    expect(failed(await idTokenChecks(await idToken({ iss: 'https://evil.example' }), expected()))).toEqual(['ID token iss']);
    expect(failed(await idTokenChecks(await idToken({}), expected({ now: now + 3600 })))).toEqual(['ID token exp and iat']);
    expect(failed(await idTokenChecks(await idToken({}, 'another-token'), expected()))).toEqual(['ID token at_hash']);
  });

  it('requires azp to be the client when there are several audiences (§3.1.3.7 (4))', async () => {
    expect(failed(await idTokenChecks(await idToken({ aud: ['oidc-web-app', 'api'] }), expected()))).toEqual(['ID token aud']);
    expect(failed(await idTokenChecks(await idToken({ aud: ['oidc-web-app', 'api'], azp: 'oidc-web-app' }), expected()))).toEqual([]);
  });

  it('refuses a signature from a key that is not in the JWKS, and an algorithm the app does not accept', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await new SignJWT({ nonce: 'n-1' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(other.privateKey);
    expect(failed(await idTokenChecks(forged, expected()))).toContain('ID token signature');
    expect(failed(await idTokenChecks(await idToken({}), expected({ algorithms: ['ES256'] })))).toContain('ID token signature');
  });

  it('says so when there is no ID token at all', async () => {
    expect(failed(await idTokenChecks('', expected()))).toEqual(['ID token is a JWT']);
  });
});

describe('atHash (OIDC Core §3.1.3.6)', () => {
  it('is the base64url of the left half of SHA-256 of the access token', async () => {
    const digest = createHash('sha256').update('the-access-token').digest();
    expect(await atHash('the-access-token', 'RS256')).toBe(digest.subarray(0, 16).toString('base64url'));
    expect(await atHash('the-access-token', 'ES256')).toBe(digest.subarray(0, 16).toString('base64url'));
  });
});
