import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../../src/authserver';
import { listen } from './http-server';

let origin: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ origin, close } = await listen(createAuthServer().handle));
});

afterAll(async () => {
  await close();
});

async function clientCredentialsToken(): Promise<string> {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('reporting-service:reporting-service-secret').toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'photos.read' }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('access tokens verify against the published JWKS over real HTTP (RFC 9068)', () => {
  it('a verifier that reads the JWKS accepts our ES256 access tokens (§4), with typ at+jwt and the §2.2 claims', async () => {
    const metadata = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as { jwks_uri: string; issuer: string };
    const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
    const { payload, protectedHeader } = await jwtVerify(await clientCredentialsToken(), jwks, {
      algorithms: ['ES256'],
      issuer: metadata.issuer,
      audience: `${metadata.issuer}/api`,
      typ: 'at+jwt',
      requiredClaims: ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: 'reporting-service', client_id: 'reporting-service', scope: 'photos.read' });
  });

  it('keeps the RS256 key every server must support (§2.1) in the JWKS with its alg, beside the ES256 one', async () => {
    const { keys } = (await (await fetch(`${origin}/oauth/jwks`)).json()) as { keys: { alg: string; kty: string; crv?: string }[] };
    expect(keys.find((key) => key.alg === 'RS256')).toMatchObject({ kty: 'RSA' });
    expect(keys.find((key) => key.alg === 'ES256')).toMatchObject({ kty: 'EC', crv: 'P-256' });
  });
});
