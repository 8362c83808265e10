import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { ENDPOINTS } from '../src/authserver/paths.ts';
import { authorizeUrl, CALLBACK, consentFormFields, ORIGIN, webAppAuthorization, webAuth } from '../tests/authserver/helpers.ts';
import { startRedisServer, type RedisServer } from '../tests/authserver/redis-server.ts';

/**
 * Several instances of the production server (`dist/server/serve.mjs`, real processes) sharing one
 * real Redis, as behind a load balancer: both answer for one public origin, so a learner's requests
 * may land on either. Also `WEB_CONCURRENCY=2`: two `node:cluster` workers behind one port.
 */
test.describe.configure({ mode: 'serial' });

const SERVE = 'dist/server/serve.mjs';
const REDIS_PORTS = [4365, 4366, 4367];
const [PORT_A, PORT_B, PORT_CLUSTER, PORT_REFUSED] = [4370, 4371, 4372, 4374];
const HOST = new URL(ORIGIN).host;

interface Instance {
  port: number;
  child: ChildProcess;
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

/** Runs the production entry; resolves once it listens, or with its output when it exits first. */
function startServer(port: number, env: Record<string, string>): Promise<Instance & { exited?: { code: number | null; output: string } }> {
  const child = spawn(process.execPath, [SERVE], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_ORIGIN: ORIGIN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve) => {
    let output = '';
    let listeningWorkers = 0;
    const expected = Number(env.WEB_CONCURRENCY ?? 1);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      listeningWorkers = output.split('(listening on').length - 1;
      if (listeningWorkers >= expected) resolve({ port, child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => resolve({ port, child, exited: { code, output } }));
  });
}

function stopServer(instance: Instance | undefined): Promise<void> {
  const child = instance?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** One request on a new connection, with the public Host, as the browser at the load balancer sends it. */
function send(instance: Instance, path: string, options: { cookie: string; form?: URLSearchParams | Record<string, string>; headers?: Record<string, string> }): Promise<Reply> {
  const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: instance.port,
        path,
        agent: false,
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          host: HOST,
          cookie: options.cookie,
          ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }),
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

/** A learner id issued by one instance (its first lab request), as the browser's cookie jar keeps it. */
async function learnerAt(instance: Instance): Promise<string> {
  const reply = await send(instance, `${ENDPOINTS.labTrace}?after=0`, { cookie: '' });
  expect(reply.status).toBe(200);
  if (!reply.setCookie) throw new Error('the lab endpoint issued no learner id');
  return reply.setCookie.split(';')[0]!;
}

/** The consent page from one instance, the approved form posted to the other; returns the code. */
async function obtainCode(consentAt: Instance, approveAt: Instance, cookie: string): Promise<string> {
  const page = await send(consentAt, authorizeUrl(webAppAuthorization()), { cookie });
  expect(page.status).toBe(200);
  const form = await consentFormFields(new Response(page.text));
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  const approved = await send(approveAt, ENDPOINTS.authorize, { cookie, form });
  expect(approved.status).toBe(302);
  const code = new URL(approved.location!).searchParams.get('code');
  expect(code).toBeTruthy();
  return code!;
}

function tokenRequest(instance: Instance, cookie: string, form: Record<string, string>): Promise<Reply> {
  return send(instance, ENDPOINTS.token, { cookie, form, headers: webAuth });
}

async function traceText(instance: Instance, cookie: string): Promise<string> {
  const reply = await send(instance, `${ENDPOINTS.labTrace}?after=0`, { cookie });
  expect(reply.status).toBe(200);
  expect(reply.setCookie).toBeUndefined();
  return reply.text;
}

test.describe('two production instances sharing one Redis', () => {
  test.beforeAll(async () => {
    redis = await startRedisServer(REDIS_PORTS);
    const started = await Promise.all([PORT_A, PORT_B].map((port) => startServer(port, { REDIS_URL: redis.url })));
    for (const instance of started) if (instance.exited) throw new Error(`an instance did not start:\n${instance.exited.output}`);
    [a, b] = started as [Instance, Instance];
  });

  test.afterAll(async () => {
    await Promise.all([stopServer(a), stopServer(b)]);
    await redis?.stop();
  });

  test('a learner id issued by one instance is known to the other', async () => {
    const cookie = await learnerAt(a);
    // Known: B answers with that learner's (empty) trace and issues no new id.
    expect(JSON.parse(await traceText(b, cookie))).toMatchObject({ events: [] });
  });

  test('both publish one JWKS, and an access token from one is accepted by the other', async () => {
    const [jwksA, jwksB] = await Promise.all([a, b].map(async (instance) => JSON.parse((await send(instance, ENDPOINTS.jwks, { cookie: '' })).text)));
    expect(jwksB).toEqual(jwksA);
    const cookie = await learnerAt(a);
    const code = await obtainCode(a, a, cookie);
    const issued = JSON.parse((await tokenRequest(a, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK })).text);
    const me = await send(b, ENDPOINTS.apiMe, { cookie, headers: { authorization: `Bearer ${issued.access_token}` } });
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ sub: 'alice' });
  });

  test('a code issued by one instance redeems at the other, once', async () => {
    const cookie = await learnerAt(a);
    const code = await obtainCode(a, b, cookie);
    const redeemed = await tokenRequest(b, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(redeemed.status).toBe(200);
    expect(JSON.parse(redeemed.text)).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    const again = await tokenRequest(a, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(again.status).toBe(400);
    expect(JSON.parse(again.text).error).toBe('invalid_grant');
  });

  test('a rotated refresh token replayed at the other instance is detected and revokes the grant', async () => {
    const cookie = await learnerAt(b);
    const code = await obtainCode(b, b, cookie);
    const first = JSON.parse((await tokenRequest(b, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK })).text);
    const rotated = await tokenRequest(b, cookie, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(rotated.status).toBe(200);
    const second = JSON.parse(rotated.text);
    const replay = await tokenRequest(a, cookie, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.text).error).toBe('invalid_grant');
    // The whole grant is revoked, at either instance. @see RFC 9700 §4.14.2
    for (const instance of [a, b]) {
      const newest = await tokenRequest(instance, cookie, { grant_type: 'refresh_token', refresh_token: second.refresh_token });
      expect(newest.status).toBe(400);
      expect(JSON.parse(newest.text).error).toBe('invalid_grant');
    }
  });

  test("one learner's code never shows in another learner's trace, at either instance, nor redeems for them", async () => {
    const [learner1, learner2] = [await learnerAt(a), await learnerAt(b)];
    const [code1, code2] = [await obtainCode(a, b, learner1), await obtainCode(b, a, learner2)];
    for (const instance of [a, b]) {
      const [trace1, trace2] = [await traceText(instance, learner1), await traceText(instance, learner2)];
      expect(trace1).toContain(code1);
      expect(trace1).not.toContain(code2);
      expect(trace2).toContain(code2);
      expect(trace2).not.toContain(code1);
    }
    // Nor redeem it: a code lives in its learner's namespace only.
    const stolen = await tokenRequest(a, learner2, { grant_type: 'authorization_code', code: code1, redirect_uri: CALLBACK });
    expect(stolen.status).toBe(400);
    expect(JSON.parse(stolen.text).error).toBe('invalid_grant');
  });
});

test.describe('WEB_CONCURRENCY workers behind one port', () => {
  let cluster: Instance | undefined;

  test.afterAll(async () => {
    await stopServer(cluster);
  });

  test('refuses several workers without REDIS_URL, at start, with the reason', async () => {
    const started = await startServer(PORT_CLUSTER, { WEB_CONCURRENCY: '2', REDIS_URL: '' });
    expect(started.exited?.code).toBe(1);
    expect(started.exited?.output).toContain('set REDIS_URL');
  });

  test('an unreachable REDIS_URL stops the server at start, with the reason', async () => {
    const started = await startServer(PORT_CLUSTER, { REDIS_URL: `redis://127.0.0.1:${PORT_REFUSED}` });
    expect(started.exited?.code).toBe(1);
    expect(started.exited?.output).toContain(`Cannot use REDIS_URL redis://127.0.0.1:${PORT_REFUSED}`);
  });

  test('two workers share every learner: each request on a new connection, the flow completes', async () => {
    const shared = await startRedisServer(REDIS_PORTS);
    try {
      const started = await startServer(PORT_CLUSTER, { WEB_CONCURRENCY: '2', REDIS_URL: shared.url });
      if (started.exited) throw new Error(`the workers did not start:\n${started.exited.output}`);
      cluster = started;
      // Connections are handed to the workers in turn, so consecutive requests reach both.
      for (let round = 0; round < 3; round++) {
        const cookie = await learnerAt(cluster);
        const code = await obtainCode(cluster, cluster, cookie);
        const issued = await tokenRequest(cluster, cookie, { grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
        expect(issued.status).toBe(200);
        const { access_token, refresh_token } = JSON.parse(issued.text);
        const me = await send(cluster, ENDPOINTS.apiMe, { cookie, headers: { authorization: `Bearer ${access_token}` } });
        expect(me.status).toBe(200);
        const refreshed = await tokenRequest(cluster, cookie, { grant_type: 'refresh_token', refresh_token });
        expect(refreshed.status).toBe(200);
      }
    } finally {
      await stopServer(cluster);
      cluster = undefined;
      await shared.stop();
    }
  });
});
