import { base64url, compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { constantTimeEqual } from './recorder';

/**
 * The client's validation of an ID token, one named check per rule, run in the browser with `jose`
 * and Web Crypto. Pure: the JWKS, the expected values and the time are inputs.
 * @see OpenID Connect Core 1.0 §3.1.3.7 (ID token validation), §3.1.3.8 (at_hash)
 */

/** What the app expects of the ID token of the login in progress. */
export interface IdTokenExpectations {
  /** The provider's issuer identifier, from its discovery document. */
  issuer: string;
  /** The app's own client_id: the token's audience. */
  client_id: string;
  /** The nonce the app sent in this login's authorization request. */
  nonce: string;
  /** The access token of the same response, for `at_hash`. */
  access_token: string;
  /** The provider's public keys (its `jwks_uri`). */
  jwks: JSONWebKeySet;
  /** Signing algorithms the app accepts (`id_token_signed_response_alg`, RS256 by default). @see OIDC Core §3.1.3.7 (7) */
  algorithms: readonly string[];
  /** Now, in seconds since the epoch. */
  now: number;
  /** Allowed clock skew, in seconds. */
  skew?: number;
}

/** One rule of the validation and its verdict, ready to record as a check. */
export interface IdTokenCheck {
  name: string;
  passed: boolean;
  inputs: Record<string, unknown>;
  detail: string;
  rfc: string;
}

/** The hash function behind a JWS algorithm: SHA-256 for RS256/ES256/PS256, and so on. @see RFC 7518 §3.1 */
function hashOf(alg: string): 'SHA-256' | 'SHA-384' | 'SHA-512' {
  if (alg.endsWith('384')) return 'SHA-384';
  if (alg.endsWith('512')) return 'SHA-512';
  return 'SHA-256';
}

/**
 * `at_hash`: the base64url of the left half of the hash of the access token's ASCII bytes, with the
 * hash of the ID token's `alg`. @see OIDC Core §3.1.3.6
 */
export async function atHash(accessToken: string, alg: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(hashOf(alg), new TextEncoder().encode(accessToken)));
  return base64url.encode(digest.slice(0, digest.length / 2));
}

/** Whether the signature verifies with a key of the JWKS and an accepted algorithm. */
async function signatureValid(idToken: string, expected: IdTokenExpectations): Promise<{ passed: boolean; reason: string }> {
  try {
    await compactVerify(idToken, createLocalJWKSet(expected.jwks), { algorithms: [...expected.algorithms] });
    return { passed: true, reason: '' };
  } catch (error) {
    return { passed: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Every check of OIDC Core §3.1.3.7 that applies to a code flow ID token, in order. */
export async function idTokenChecks(idToken: string, expected: IdTokenExpectations): Promise<IdTokenCheck[]> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    header = decodeProtectedHeader(idToken);
    claims = decodeJwt(idToken);
  } catch {
    return [{ name: 'ID token is a JWT', passed: false, inputs: { id_token: idToken || '(missing)' }, detail: 'The token response has no ID token the app can decode.', rfc: 'OIDC Core §3.1.3.3' }];
  }
  const alg = header.alg ?? '(none)';
  const skew = expected.skew ?? 60;
  const signature = await signatureValid(idToken, expected);
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  const audienceOk = audiences.includes(expected.client_id) && (audiences.length === 1 || claims.azp === expected.client_id);
  const exp = typeof claims.exp === 'number' ? claims.exp : NaN;
  const iat = typeof claims.iat === 'number' ? claims.iat : NaN;
  const timesOk = exp > expected.now - skew && iat <= expected.now + skew;
  const nonce = typeof claims.nonce === 'string' ? claims.nonce : '';
  const expectedAtHash = await atHash(expected.access_token, alg);
  const receivedAtHash = typeof claims.at_hash === 'string' ? claims.at_hash : '';

  return [
    {
      name: 'ID token signature',
      passed: signature.passed,
      inputs: { alg, kid: header.kid ?? '(none)', accepted_algorithms: expected.algorithms.join(' '), jwks_keys: expected.jwks.keys.length },
      detail: signature.passed
        ? `The signature verifies with the provider’s ${alg} key ${header.kid ?? ''} from its JWKS: the provider issued this token and nobody changed it.`
        : `The signature does not verify (${signature.reason}): the token was not issued by this provider, or was changed.`,
      rfc: 'OIDC Core §3.1.3.7 (6), (7)',
    },
    {
      name: 'ID token iss',
      passed: claims.iss === expected.issuer,
      inputs: { expected: expected.issuer, received: claims.iss ?? '(missing)' },
      detail: claims.iss === expected.issuer ? 'Issued by the provider the app sent the user to.' : 'Issued by someone else: the app must not sign the user in.',
      rfc: 'OIDC Core §3.1.3.7 (2)',
    },
    {
      name: 'ID token aud',
      passed: audienceOk,
      inputs: { client_id: expected.client_id, aud: claims.aud ?? '(missing)', ...(claims.azp === undefined ? {} : { azp: claims.azp }) },
      detail: audienceOk ? 'The token is for this app: its audience is the app’s client_id.' : 'The token was issued to another client: signing in with it would let any app’s token sign in here.',
      rfc: 'OIDC Core §3.1.3.7 (3), (4)',
    },
    {
      name: 'ID token exp and iat',
      passed: timesOk,
      inputs: { now: expected.now, iat: claims.iat ?? '(missing)', exp: claims.exp ?? '(missing)', skew_seconds: skew },
      detail: timesOk ? 'Issued just now and not expired.' : 'The token is expired, or issued in the future.',
      rfc: 'OIDC Core §3.1.3.7 (9), (10)',
    },
    {
      name: 'ID token nonce',
      passed: nonce !== '' && constantTimeEqual(nonce, expected.nonce),
      inputs: { expected: expected.nonce, received: nonce || '(missing)' },
      detail:
        nonce !== '' && constantTimeEqual(nonce, expected.nonce)
          ? 'The nonce is the one this login sent: the token was issued for this login, not replayed from another.'
          : 'The nonce is not the one this login sent: the token belongs to another login (replayed or injected). The app refuses to sign the user in.',
      rfc: 'OIDC Core §3.1.3.7 (11)',
    },
    {
      name: 'ID token at_hash',
      passed: receivedAtHash !== '' && receivedAtHash === expectedAtHash,
      inputs: { hash: hashOf(alg), computed: expectedAtHash, at_hash: receivedAtHash || '(missing)' },
      detail:
        receivedAtHash === expectedAtHash
          ? `The left half of ${hashOf(alg)}(access_token), base64url, equals at_hash: the access token came with this ID token.`
          : 'at_hash does not match the access token: the tokens were not issued together.',
      rfc: 'OIDC Core §3.1.3.8',
    },
  ];
}
