/**
 * The keys that sign access tokens, published as a JWKS at `jwks_uri`. They are generated once and
 * kept in the store, so several instances sharing one store (Redis) sign and verify with the same
 * keys and publish the same JWKS: the first instance to start claims the slot with `setIfAbsent`,
 * every other one loads what it stored. Two keys: RS256 and ES256, both published, and the resource
 * server accepts access tokens signed with either.
 *
 * Access tokens are signed with ES256. RFC 9068 §2.1 asks authorization and resource servers to
 * include RS256 among the algorithms they *support*, not to sign every token with it: the RS256 key
 * stays in the JWKS, the resource server verifies RS256 tokens, and ID tokens are RS256 (below). An
 * ES256 signature costs a few hundredths of a millisecond, an RS256 (2048-bit) one about a
 * millisecond, which was most of a token request's CPU time; a resource server picks the key by `kid`
 * and `alg` from the JWKS either way (§4).
 * @see RFC 9068 §2.1, §4; RFC 7517; RFC 7518 §3.1, §3.3, §3.4
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { PUBLIC_NAMESPACE } from './context';
import { webCryptoSigner, type SignBytes, type SigningAlgorithm, type Signer } from './jws';
import type { Store } from './store/types';

/** The algorithm access tokens are signed with (see above). */
export const ACCESS_TOKEN_ALG = 'ES256';
/**
 * ID tokens are signed RS256: the default of `id_token_signed_response_alg`, so a relying party that
 * registered no algorithm expects it, and the one every provider must support.
 * @see OpenID Connect Core 1.0 §3.1.3.7 (7), §15.1; OpenID Connect Dynamic Client Registration 1.0 §2
 */
export const ID_TOKEN_ALG = 'RS256';
/** Every algorithm the resource server accepts, each with a key in the JWKS (RS256 first: RFC 9068 §2.1). */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = [ID_TOKEN_ALG, ACCESS_TOKEN_ALG];
export type { SigningAlgorithm } from './jws';

export interface SigningKey {
  alg: SigningAlgorithm;
  kid: string;
  publicKey: CryptoKey;
  /** Signs a JWS signing input with the private key (`jws.ts`). */
  sign: SignBytes;
}

export interface SigningKeys {
  /** The key access tokens are signed with (ACCESS_TOKEN_ALG). */
  signing: SigningKey;
  /** The key ID tokens are signed with (ID_TOKEN_ALG). */
  idTokenSigning: SigningKey;
  /** Every key, by kid, for verification. */
  byKid: ReadonlyMap<string, SigningKey>;
  jwks: { keys: JWK[] };
}

/**
 * Where the keys live in the store, and for how long. A running instance keeps the keys it loaded;
 * an instance that starts after they expired (or were evicted) generates new ones.
 */
const KEYS_KEY = 'signing-keys';
export const SIGNING_KEYS_TTL_SECONDS = 365 * 24 * 3600;

/** One key pair as stored: the private JWK (which includes the public members), its alg and kid. */
interface StoredKey {
  alg: SigningAlgorithm;
  kid: string;
  privateJwk: JWK;
}

async function generateStoredKey(alg: SigningAlgorithm): Promise<StoredKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'RS256' ? { modulusLength: 2048 } : {}) });
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { alg, kid, privateJwk: await exportJWK(privateKey) };
}

/** The public members of a private JWK. @see RFC 7518 §6.2.1 (EC: crv, x, y), §6.3.1 (RSA: n, e) */
function publicMembers({ kty, crv, x, y, n, e }: JWK): JWK {
  return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined));
}

async function importStoredKeys(stored: readonly StoredKey[], signer: Signer): Promise<SigningKeys> {
  const keys = await Promise.all(
    stored.map(async ({ alg, kid, privateJwk }): Promise<{ key: SigningKey; jwk: JWK }> => {
      const jwk = publicMembers(privateJwk);
      const [privateKey, publicKey] = (await Promise.all([importJWK(privateJwk, alg), importJWK(jwk, alg)])) as [CryptoKey, CryptoKey];
      return { key: { alg, kid, publicKey, sign: signer({ alg, privateKey, privateJwk }) }, jwk: { ...jwk, kid, alg, use: 'sig' } };
    }),
  );
  const withAlg = (alg: SigningAlgorithm): SigningKey => {
    const found = keys.find(({ key }) => key.alg === alg);
    if (!found) throw new Error(`the stored signing keys have no ${alg} key`);
    return found.key;
  };
  return {
    signing: withAlg(ACCESS_TOKEN_ALG),
    idTokenSigning: withAlg(ID_TOKEN_ALG),
    byKid: new Map(keys.map(({ key }) => [key.kid, key])),
    jwks: { keys: keys.map(({ jwk }) => jwk) },
  };
}

/**
 * The signing keys every instance sharing `store` uses: the stored ones, or new ones stored now.
 * Two instances starting at once both generate, one `setIfAbsent` wins, and both load the winner's.
 * `signer` makes each key's signing function (Web Crypto unless the platform has a faster one).
 */
export async function sharedSigningKeys(store: Store, signer: Signer = webCryptoSigner): Promise<SigningKeys> {
  const existing = await store.get<StoredKey[]>(PUBLIC_NAMESPACE, KEYS_KEY);
  if (existing) return importStoredKeys(existing, signer);
  const generated = await Promise.all(SIGNING_ALGORITHMS.map(generateStoredKey));
  if (await store.setIfAbsent(PUBLIC_NAMESPACE, KEYS_KEY, generated, SIGNING_KEYS_TTL_SECONDS)) return importStoredKeys(generated, signer);
  const winner = await store.get<StoredKey[]>(PUBLIC_NAMESPACE, KEYS_KEY);
  if (!winner) throw new Error('the signing keys vanished from the store right after another instance stored them');
  return importStoredKeys(winner, signer);
}
