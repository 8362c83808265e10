import { describe, expect, it } from 'vitest';
import { createCodeVerifier, s256CodeChallenge, wrongCodeVerifier } from './pkce';

describe('client-side PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC’s own example (Appendix B)', async () => {
    const pair = await s256CodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(pair.code_challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(pair.sha256_hex).toBe('13d31e961a1ad8ec2f16b10c4c982e0876a878ad6df144566ee1894acb70f9c3');
    expect(pair.code_challenge_method).toBe('S256');
  });

  it('makes a 43-character verifier from the unreserved set out of 32 random bytes (§4.1)', () => {
    const verifier = createCodeVerifier((bytes) => bytes.fill(255));
    expect(verifier).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(verifier).toBe('_'.repeat(42) + '8');
    expect(createCodeVerifier()).not.toBe(createCodeVerifier());
  });

  it('makes a wrong verifier that is well-formed but different', () => {
    const verifier = createCodeVerifier();
    const wrong = wrongCodeVerifier(verifier);
    expect(wrong).toMatch(/^[A-Za-z0-9\-._~]{43}$/);
    expect(wrong).not.toBe(verifier);
  });
});
