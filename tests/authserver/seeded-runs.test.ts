import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/authserver';
import { seededSource } from '../../src/authserver/seeded-random';
import { exchangeWebAppCode, get, learnerCookie, newServer, obtainCode, postForm, postJson, readJson, webAppAuthorization } from './helpers';

/**
 * Seeded runs: `POST /oauth/lab/reset` with `{ "seed": "<word>" }` gives the learner a fresh namespace whose
 * codes, refresh tokens and token ids come from the seed, so two learners with the same seed and the
 * same steps see the same values, while unseeded learners stay unpredictable.
 */
const server = newServer();

const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;

/** A learner who starts a seeded run. */
async function seededLearner(seed: string): Promise<string> {
  const reset = await postJson(server, ENDPOINTS.labReset, { seed }, { cookie: await learnerCookie(server) });
  expect(reset.status).toBe(200);
  expect(await reset.json()).toEqual({ cleared: true, seed });
  return cookieOf(reset);
}

/** The values one Authorization Code run shows: the code, the refresh token, the access token's ids. */
async function authorizationCodeRun(cookie: string) {
  const code = await obtainCode(server, webAppAuthorization(), { cookie });
  // Trace pulls between steps, as the walk-through makes them, change nothing.
  await get(server, ENDPOINTS.labTrace, { cookie });
  const tokens = await readJson(await exchangeWebAppCode(server, code, { cookie }));
  const claims = decodeJwt(String(tokens.access_token));
  return { code, refresh_token: tokens.refresh_token, jti: claims.jti, grant_id: claims.grant_id };
}

describe('seeded runs', () => {
  it('the same seed and the same steps give the same code, refresh token and token ids to two learners', async () => {
    const [a, b] = [await seededLearner('lecture-1'), await seededLearner('lecture-1')];
    expect(a).not.toBe(b);
    const first = await authorizationCodeRun(a);
    await get(server, ENDPOINTS.labTrace, { cookie: b });
    await get(server, ENDPOINTS.labClock, { cookie: b });
    const second = await authorizationCodeRun(b);
    expect(second).toEqual(first);
    expect(first.code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Each learner's code is theirs: the other's namespace already used its own.
    const replay = await exchangeWebAppCode(server, first.code, { cookie: a });
    expect(replay.status).toBe(400);
    expect((await readJson(replay)).error).toBe('invalid_grant');
  });

  it('a reset with the same seed starts the same values over; another seed gives other values', async () => {
    const cookie = await seededLearner('again');
    const first = await authorizationCodeRun(cookie);
    const restarted = cookieOf(await postJson(server, ENDPOINTS.labReset, { seed: 'again' }, { cookie }));
    expect(await authorizationCodeRun(restarted)).toEqual(first);
    expect((await authorizationCodeRun(await seededLearner('other'))).code).not.toBe(first.code);
  });

  it('unseeded learners stay unpredictable, even beside a seeded run, and a reset without a seed ends it', async () => {
    const seeded = await authorizationCodeRun(await seededLearner('lecture-2'));
    const [a, b] = [await authorizationCodeRun(await learnerCookie(server)), await authorizationCodeRun(await learnerCookie(server))];
    expect(new Set([seeded.code, a.code, b.code]).size).toBe(3);
    expect(new Set([seeded.jti, a.jti, b.jti]).size).toBe(3);
    const unseeded = await postJson(server, ENDPOINTS.labReset, {}, { cookie: await seededLearner('lecture-2') });
    expect(await unseeded.json()).toEqual({ cleared: true });
    expect((await authorizationCodeRun(cookieOf(unseeded))).code).not.toBe(seeded.code);
  });

  it('seeds the device flow’s device_code and user_code too', async () => {
    const device = async (cookie: string) =>
      readJson(await postForm(server, ENDPOINTS.deviceAuthorization, { client_id: 'tv-device', scope: 'profile' }, { cookie }));
    const [a, b] = [await device(await seededLearner('tv')), await device(await seededLearner('tv'))];
    expect(a.user_code).toMatch(/^[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}$/);
    expect([b.device_code, b.user_code]).toEqual([a.device_code, a.user_code]);
  });

  it.each([
    ['an empty seed', { seed: '' }],
    ['a seed of 41 characters', { seed: 'a'.repeat(41) }],
    ['a seed with a space', { seed: 'two words' }],
    ['a seed with a non-ASCII letter', { seed: 'café' }],
    ['a seed that is not a string', { seed: 42 }],
    ['another field', { seed: 'ok', clock: 1 }],
    ['an array', ['ok']],
    ['invalid JSON', '{"seed":'],
  ])('refuses %s with 400 invalid_request and keeps the learner as they were', async (_, body) => {
    const cookie = await learnerCookie(server);
    const response = await postJson(server, ENDPOINTS.labReset, body, { cookie });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await get(server, ENDPOINTS.labTrace, { cookie })).headers.get('set-cookie')).toBeNull();
  });

  it('refuses a seed sent as a form with 400 invalid_request', async () => {
    const response = await postForm(server, ENDPOINTS.labReset, { seed: 'word' }, { cookie: await learnerCookie(server) });
    expect(response.status).toBe(400);
    expect((await readJson(response)).error).toBe('invalid_request');
  });
});

describe('seededSource', () => {
  it('is HMAC-SHA-256(seed, "<label>:<i>") block after block, the same however the bytes are drawn', () => {
    const whole = seededSource('word', 'client')(80);
    const pieces = seededSource('word', 'client');
    const drawn = new Uint8Array([...pieces(16), ...pieces(32), ...pieces(1), ...pieces(31)]);
    expect(drawn).toEqual(whole);
    expect(seededSource('word', 'server:1')(32)).not.toEqual(whole.subarray(0, 32));
    expect(seededSource('Word', 'client')(32)).not.toEqual(whole.subarray(0, 32));
  });

  it('matches HMAC-SHA-256 from node:crypto', async () => {
    const { createHmac } = await import('node:crypto');
    expect(Buffer.from(seededSource('word', 'client')(32))).toEqual(createHmac('sha256', 'word').update('client:0').digest());
  });
});
