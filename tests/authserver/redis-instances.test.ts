/**
 * Two server instances sharing one Redis, over real HTTP, as behind a load balancer: both answer
 * for the same public origin (`Host: lab.test`), each with its own process state and store client.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../../src/authserver';
import { ENDPOINTS } from '../../src/authserver/paths';
import { openStore } from '../../src/authserver/store/from-env';
import type { Store } from '../../src/authserver/store/types';
import type { ExchangeEvent, TraceEvent } from '../../src/trace/events';
import { authorizeUrl, CALLBACK, consentFormFields, webAppAuthorization, webAuth } from './helpers';
import { listen } from './http-server';
import { startRedisServer, type RedisServer } from './redis-server';

interface Instance {
  origin: string;
  store: Store;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  location: string | undefined;
  setCookie: string | undefined;
  text: string;
}

let redis: RedisServer;
let a: Instance;
let b: Instance;

async function startInstance(url: string): Promise<Instance> {
  const store = await openStore({ REDIS_URL: url });
  const server = await listen(createAuthServer({ store }).handle);
  return { origin: server.origin, store, close: async () => (await server.close(), await store.close()) };
}

beforeAll(async () => {
  redis = await startRedisServer();
  [a, b] = [await startInstance(redis.url), await startInstance(redis.url)];
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.stop();
});

/** One HTTP request to an instance, with the site's public Host (fetch cannot set Host). */
function send(instance: Instance, path: string, options: { cookie: string; form?: URLSearchParams | Record<string, string>; headers?: Record<string, string> }): Promise<Reply> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${instance.origin}${path}`,
      {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          host: 'lab.test',
          cookie: options.cookie,
          ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location, setCookie: res.headers['set-cookie']?.[0], text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The front channel at one instance: consent page, then the approved form; returns the code. */
async function obtainCodeAt(instance: Instance, cookie: string): Promise<string> {
  const page = await send(instance, authorizeUrl(webAppAuthorization()), { cookie });
  expect(page.status).toBe(200);
  const form = await consentFormFields(new Response(page.text));
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  const approved = await send(instance, '/oauth/authorize', { cookie, form, headers: { 'sec-fetch-site': 'same-origin' } });
  expect(approved.status).toBe(302);
  return new URL(approved.location!).searchParams.get('code')!;
}

function tokenRequest(instance: Instance, cookie: string, form: Record<string, string>): Promise<Reply> {
  return send(instance, '/oauth/token', { cookie, form, headers: webAuth });
}

/** A learner id issued by one instance (its first lab request), as the browser's cookie jar keeps it. */
async function learnerAt(instance: Instance): Promise<string> {
  const reply = await send(instance, '/oauth/lab/trace?after=0', { cookie: '' });
  if (!reply.setCookie) throw new Error('the lab endpoint issued no learner id');
  return reply.setCookie.split(';')[0]!;
}

async function traceAt(instance: Instance, cookie: string): Promise<TraceEvent[]> {
  const reply = await send(instance, '/oauth/lab/trace?after=0', { cookie });
  return (JSON.parse(reply.text) as { events: TraceEvent[] }).events;
}

describe('two instances sharing one Redis', () => {
  it('sign with the same keys: both publish one JWKS, and an access token from one is accepted by the other', async () => {
    const [jwksA, jwksB] = await Promise.all([a, b].map(async (instance) => JSON.parse((await send(instance, ENDPOINTS.jwks, { cookie: '' })).text)));
    expect(jwksA.keys.map((key: { kid: string }) => key.kid)).toHaveLength(2);
    expect(jwksB).toEqual(jwksA);

    const cookie = await learnerAt(a);
    const code = await obtainCodeAt(a, cookie);
    const issued = JSON.parse((await tokenRequest(a, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK })).text);
    const me = await send(b, ENDPOINTS.apiMe, { cookie, headers: { authorization: `Bearer ${issued.access_token}` } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ sub: 'alice' });
  });

  it('redeems at one instance a code issued by the other, once', async () => {
    const cookie = await learnerAt(a);
    const code = await obtainCodeAt(a, cookie);
    const redeemed = await tokenRequest(b, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(redeemed.status).toBe(200);
    expect(JSON.parse(redeemed.text)).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    const again = await tokenRequest(a, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toBe('invalid_grant');
  });

  it('detects a rotated refresh token replayed at the other instance and revokes the grant', async () => {
    const cookie = await learnerAt(a);
    const code = await obtainCodeAt(a, cookie);
    const first = JSON.parse((await tokenRequest(a, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK })).text);
    const rotated = await tokenRequest(a, cookie, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const second = JSON.parse(rotated.text);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    const replay = await tokenRequest(b, cookie, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.text).error).toBe('invalid_grant');
    // The whole grant is revoked: the newest refresh token fails too, at either instance. @see RFC 9700 §4.14.2
    for (const instance of [a, b]) {
      const newest = await tokenRequest(instance, cookie, { grant_type: 'refresh_token', refresh_token: second.refresh_token });
      expect(newest.status).toBe(400);
      expect(JSON.parse(newest.text).error).toBe('invalid_grant');
    }
  });

  it("keeps one trace per learner across instances, and learner A's never shows learner B's events", async () => {
    const [learnerA, learnerB] = [await learnerAt(a), await learnerAt(b)];
    const codeA = await obtainCodeAt(a, learnerA);
    const codeB = await obtainCodeAt(b, learnerB);
    await Promise.all([
      tokenRequest(b, learnerA, { grant_type: 'authorization_code', code: codeA, redirect_uri: CALLBACK }),
      tokenRequest(a, learnerB, { grant_type: 'authorization_code', code: codeB, redirect_uri: CALLBACK }),
    ]);
    const [traceA, traceAatB] = [await traceAt(a, learnerA), await traceAt(b, learnerA)];
    expect(traceAatB).toEqual(traceA);
    const exchanges = traceA.filter((e): e is ExchangeEvent => e.type === 'exchange');
    expect(exchanges.map((e) => `${e.request.method} ${new URL(e.request.url).pathname} ${e.response.status}`)).toEqual([
      'GET /oauth/authorize 200',
      'POST /oauth/authorize 302',
      'POST /oauth/token 200',
    ]);
    expect(traceA.map((e) => e.seq)).toEqual(traceA.map((_, i) => i + 1));
    const text = JSON.stringify(traceA);
    expect(text).toContain(codeA);
    expect(text).not.toContain(codeB);
    expect(JSON.stringify(await traceAt(a, learnerB))).toContain(codeB);
  });
});
