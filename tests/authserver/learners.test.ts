import { describe, expect, it } from 'vitest';
import { createAuthServer, ENDPOINTS } from '../../src/authserver';
import { MemoryStore } from '../../src/authserver/store/memory';
import { get, learnerCookie, newServer, postJson, readJson } from './helpers';

const server = newServer();

const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0];

describe('learner ids are issued by the server', () => {
  it('issues 128 random bits as base64url, with Path=/ and SameSite=Lax, on the first lab request', async () => {
    const response = await get(server, ENDPOINTS.labTrace);
    const setCookie = response.headers.get('set-cookie');
    expect(setCookie).toMatch(/^osl_learner=[A-Za-z0-9_-]{22}; Path=\/; SameSite=Lax$/);
    expect(cookieOf(await get(server, ENDPOINTS.labTrace))).not.toBe(cookieOf(response));
  });

  it('marks the cookie Secure when the issuer is https', async () => {
    const https = createAuthServer({ origins: ['https://lab.example.org'] });
    const response = await https.handle(new Request(`https://lab.example.org${ENDPOINTS.labTrace}`));
    expect(response.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('keeps an id it issued: no new cookie, the same namespace', async () => {
    const cookie = await learnerCookie(server);
    await postJson(server, ENDPOINTS.labClock, { advance_seconds: 60 }, { cookie });
    const again = await get(server, ENDPOINTS.labClock, { cookie });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect((await readJson(again)).offset_seconds).toBe(60);
  });

  it('treats an id it never issued as unknown: a new namespace and a Set-Cookie with a new id', async () => {
    for (const made_up of ['aaaaaaaa', 'my-own-session-42']) {
      const response = await postJson(server, ENDPOINTS.labClock, { advance_seconds: 60 }, { cookie: `osl_learner=${made_up}` });
      expect(response.status).toBe(200);
      const issued = cookieOf(response);
      expect(issued).toMatch(/^osl_learner=[A-Za-z0-9_-]{22}$/);
      expect(issued).not.toBe(`osl_learner=${made_up}`);
      // The made-up id still selects nothing: the next request with it gets yet another namespace.
      const next = await get(server, ENDPOINTS.labClock, { cookie: `osl_learner=${made_up}` });
      expect((await readJson(next)).offset_seconds).toBe(0);
      expect(cookieOf(next)).not.toBe(issued);
    }
  });

  it('never lets an unknown id read another learner’s trace', async () => {
    const alice = await learnerCookie(server);
    await get(server, ENDPOINTS.jwks, { cookie: alice });
    const guessed = await get(server, ENDPOINTS.labTrace, { cookie: `${alice}x` });
    expect(((await guessed.json()) as { events: unknown[] }).events).toEqual([]);
  });

  it('leaves a back-channel request without any cookie in the shared public namespace (curl, client libraries)', async () => {
    const response = await get(server, ENDPOINTS.metadata);
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('knows an issued id on every instance that shares the store', async () => {
    const store = new MemoryStore();
    const first = createAuthServer({ store });
    const second = createAuthServer({ store });
    const cookie = await learnerCookie(first);
    const response = await get(second, ENDPOINTS.labClock, { cookie });
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
