import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { signCompactJwt, webCryptoSigner, type SigningAlgorithm } from '../authserver/jws';
import { derToRawSignature, nodeSigner } from './node-signer';

const der = (...integers: number[][]) => {
  const body = integers.flatMap((bytes) => [0x02, bytes.length, ...bytes]);
  return Uint8Array.from([0x30, body.length, ...body]);
};

describe('the Node JWT signer', () => {
  for (const alg of ['ES256', 'RS256'] as const satisfies readonly SigningAlgorithm[]) {
    it(`signs ${alg} JWTs that jose verifies, as the Web Crypto signer's do`, async () => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const privateJwk = await exportJWK(privateKey);
      const imported = (await importJWK(privateJwk, alg)) as CryptoKey;
      for (const signer of [nodeSigner, webCryptoSigner]) {
        const signBytes = signer({ alg, privateKey: imported, privateJwk });
        for (let i = 0; i < 20; i++) {
          const token = await signCompactJwt(signBytes, { alg, kid: 'k', typ: 'at+jwt' }, { sub: `user-${i}`, name: 'Zoë', iat: 1 });
          const { payload, protectedHeader } = await jwtVerify(token, publicKey, { algorithms: [alg], typ: 'at+jwt' });
          expect(payload).toEqual({ sub: `user-${i}`, name: 'Zoë', iat: 1 });
          expect(protectedHeader).toEqual({ alg, kid: 'k', typ: 'at+jwt' });
        }
      }
    });
  }

  it('turns DER signatures into R ‖ S: leading zero bytes dropped or added, each half 32 bytes', () => {
    const r = Array.from({ length: 32 }, (_, i) => 0x80 + i);
    const s = Array.from({ length: 31 }, (_, i) => i + 1);
    const raw = derToRawSignature(der([0, ...r], s), 32);
    expect(Array.from(raw)).toEqual([...r, 0, ...s]);
    expect(Array.from(derToRawSignature(der([5], [0, 0x90]), 32))).toEqual([...Array(31).fill(0), 5, ...Array(31).fill(0), 0x90]);
  });

  it('turns node:crypto\'s DER signatures into the R ‖ S that node:crypto verifies in its own ieee-p1363 encoding', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 200; i++) {
      const data = Buffer.from(`message ${i}`);
      const raw = derToRawSignature(sign('sha256', data, privateKey), 32);
      expect(raw.length).toBe(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
    }
  });

  it('refuses what is not a DER ECDSA signature', () => {
    const good = der([1], [2]);
    for (const bad of [new Uint8Array(0), good.subarray(0, 5), Uint8Array.from([0x31, ...good.subarray(1)]), Uint8Array.from([...good, 0]), der(Array(34).fill(1), [2])]) {
      expect(() => derToRawSignature(bad, 32)).toThrow('not a DER ECDSA signature');
    }
  });
});
