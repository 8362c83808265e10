/**
 * The Node server's JWT signer: `node:crypto` from the private JWK, in libuv's thread pool (the
 * callback form of `sign`), so the event loop spends a few microseconds on a signature instead of
 * the whole of it and goes on with other requests meanwhile. Its ECDSA signature comes DER-encoded,
 * which costs half of what its own `ieee-p1363` encoding does; it is turned into the R ‖ S that JWS
 * wants here.
 * @see RFC 7518 §3.4 (ES256: R and S, 32 bytes each, big-endian); RFC 3279 §2.2.3 (ECDSA-Sig-Value)
 */
import { createPrivateKey, sign, type JsonWebKeyInput, type KeyObject } from 'node:crypto';
import type { Signer } from '../authserver/jws';

function signInPool(input: Uint8Array, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => sign('sha256', input, key, (error, signature) => (error ? reject(error) : resolve(signature))));
}

export const nodeSigner: Signer = ({ alg, privateJwk }) => {
  const key = createPrivateKey({ key: privateJwk as JsonWebKeyInput['key'], format: 'jwk' });
  if (alg === 'RS256') return (input) => signInPool(input, key);
  return async (input) => derToRawSignature(await signInPool(input, key), 32);
};

/**
 * `SEQUENCE { INTEGER r, INTEGER s }` to r ‖ s, each left-padded to `size` bytes. DER writes each
 * integer in as few bytes as it can, with a leading 0x00 when its top bit is set. @see ITU-T X.690 §8.3, §10.1
 */
export function derToRawSignature(der: Uint8Array, size: number): Uint8Array {
  const fail = () => new Error('not a DER ECDSA signature');
  let at = 0;
  const byte = () => {
    if (at >= der.length) throw fail();
    return der[at++]!;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    if (first !== 0x81) throw fail(); // a P-256 signature is never longer than 255 bytes
    return byte();
  };
  if (byte() !== 0x30 || length() !== der.length - at) throw fail();
  const raw = new Uint8Array(2 * size);
  for (const offset of [0, size]) {
    if (byte() !== 0x02) throw fail();
    let n = length();
    if (at + n > der.length) throw fail();
    while (n > size && der[at] === 0) (at++, n--);
    if (n > size) throw fail();
    raw.set(der.subarray(at, at + n), offset + size - n);
    at += n;
  }
  if (at !== der.length) throw fail();
  return raw;
}
