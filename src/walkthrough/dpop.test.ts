import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { accessTokenHash, createDpopKey, htuOf, proofClaims, signProof } from './dpop';

describe('the client’s DPoP key and proofs (RFC 9449)', () => {
  it('keeps the private key unextractable and names the public key by its thumbprint (§2, §6.1)', async () => {
    const key = await createDpopKey();
    expect(key.privateKey.extractable).toBe(false);
    expect(key.publicJwk).not.toHaveProperty('d');
    expect(key.jkt).toBe(await calculateJwkThumbprint(key.publicJwk));
  });

  it('signs a proof for one request that verifies with the key in its own header (§4.2, §4.3)', async () => {
    const key = await createDpopKey();
    const claims = await proofClaims({ method: 'get', url: 'http://localhost:4321/api/photos?x=1#f', jti: 'j-1', iat: 1_800_000_000, accessToken: 'tok', nonce: 'n' });
    const { payload, protectedHeader } = await jwtVerify(await signProof(key, claims), EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256'] , currentDate: new Date(1_800_000_000_000) });
    expect(protectedHeader.jwk).toEqual(key.publicJwk);
    expect(payload).toEqual({ htm: 'GET', htu: 'http://localhost:4321/api/photos', jti: 'j-1', iat: 1_800_000_000, ath: createHash('sha256').update('tok').digest('base64url'), nonce: 'n' });
  });

  it('leaves ath and nonce out when there is no token or nonce yet', async () => {
    const claims = await proofClaims({ method: 'POST', url: 'http://localhost:4321/oauth/token', jti: 'j', iat: 1 });
    expect(Object.keys(claims)).toEqual(['htm', 'htu', 'jti', 'iat']);
  });

  it('computes htu without query or fragment, and ath as base64url SHA-256', async () => {
    expect(htuOf('https://a.example:8443/p/q?x#y')).toBe('https://a.example:8443/p/q');
    expect(await accessTokenHash('abc')).toBe(createHash('sha256').update('abc').digest('base64url'));
  });
});
