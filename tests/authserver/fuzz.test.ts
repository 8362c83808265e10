import { describe, expect, it } from 'vitest';
import { basic, errorFields, newServer, ORIGIN, RFC_ERROR_CHARSET } from './helpers';

/** A small deterministic generator (mulberry32), so every run sends the same requests. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  '/oauth/authorize',
  '/oauth/token',
  '/oauth/revoke',
  '/oauth/introspect',
  '/oauth/device_authorization',
  '/oauth/device',
  '/oauth/jwks',
  '/api/me',
  '/api/photos',
  '/.well-known/oauth-authorization-server',
  '/oauth/lab/trace',
  '/oauth/lab/clock',
  '/oauth/lab/reset',
];
const NAMES = [
  'grant_type', 'code', 'redirect_uri', 'client_id', 'client_secret', 'code_verifier', 'refresh_token', 'scope',
  'device_code', 'token', 'token_type_hint', 'response_type', 'state', 'code_challenge', 'code_challenge_method',
  'prompt', 'username', 'password', 'decision', 'consent_scope', 'user_code', 'after',
];
const VALUES = [
  '', 'authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code',
  'web-app', 'spa', 'tv-device', 'reporting-service', 'legacy-implicit', 'web-app-secret', 'code', 'token', 'S256', 'plain',
  'none', 'approve', 'deny', 'alice', 'wonderland', 'profile', 'photos.read admin', `${ORIGIN}/lab/callback`,
  'http://127.0.0.1:1/lab/native-callback', 'com.example.nativeapp:/callback', 'x'.repeat(200), '%00', '\u0000', '"\'<>&',
  '-1', '1e309', 'NaN', '{"a":', 'eyJhbGciOiJub25lIn0.e30.', 'BCDF-GHJK', '\ud800',
];
const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data', ''];
const AUTHORIZATIONS = [undefined, basic('web-app', 'web-app-secret'), basic('web-app', 'x'), 'Basic ###', 'Bearer x.y.z', 'Bearer', 'Digest a=b'];

describe('fuzzing every endpoint with random but plausible requests', () => {
  it('never answers 5xx, and every error it gets uses only the RFC 6749 §5.2 characters', { timeout: 60_000 }, async () => {
    const server = newServer();
    const next = random(20241125);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    let errors = 0;
    for (let i = 0; i < 1000; i++) {
      const params = new URLSearchParams();
      const count = Math.floor(next() * 7);
      for (let j = 0; j < count; j++) params.append(pick(NAMES), pick(VALUES));
      const post = next() < 0.6;
      const path = pick(PATHS);
      const contentType = pick(CONTENT_TYPES);
      const authorization = pick(AUTHORIZATIONS);
      const headers: Record<string, string> = {};
      if (contentType) headers['content-type'] = contentType;
      if (authorization) headers.authorization = authorization;
      if (next() < 0.5) headers.cookie = `osl_learner=fuzzer${Math.floor(next() * 3)}xx`;
      const body = contentType === 'application/json' ? JSON.stringify(Object.fromEntries(params)) : params.toString();
      const request = post
        ? new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body })
        : new Request(`${ORIGIN}${path}?${params}`, { headers });
      const response = await server.handle(request);
      if (response.status >= 500) {
        throw new Error(`${request.method} ${path} ${body || params} → ${response.status} ${await response.text()}`);
      }
      expect(response.status).toBeLessThan(500);
      for (const field of await errorFields(response)) {
        expect(field, `${request.method} ${path} ${body || params}`).toMatch(RFC_ERROR_CHARSET);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(500);
  });
});
