import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSiteAuthServer, DEFAULT_LIMITS } from '../authserver';
import { ATTACKER_PAGES, CLIENT_PAGES, ENDPOINTS } from '../authserver/paths';
import { CLIENTS, GRANT_CLIENT_CREDENTIALS } from '../authserver/seed';
import { createSiteServer } from './site-server';

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

let port: number;
let origins: string[];
let close: () => Promise<void>;
let clientDir: string;

/** A request over real HTTP, addressed to the lab's origin (`localhost`). */
function send(path: string, options: { method?: string; cookie?: string; json?: unknown; host?: string; port?: number } = {}): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: options.port ?? port,
        path,
        method: options.method ?? 'GET',
        headers: {
          host: options.host ?? `localhost:${port}`,
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  port = await freePort();
  origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  clientDir = mkdtempSync(join(tmpdir(), 'site-server-test-'));
  const server = createSiteServer({
    origins,
    authServer: createSiteAuthServer(origins),
    clientDir,
    renderPage: (_req, res) => void res.writeHead(404).end(),
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(async () => {
  await close();
  rmSync(clientDir, { recursive: true, force: true });
});

const consentPath = () =>
  `${ENDPOINTS.authorize}?${new URLSearchParams({ response_type: 'code', client_id: 'web-app', redirect_uri: `${origins[0]}${CLIENT_PAGES.callback}`, scope: 'profile', state: 's' })}`;
const policies = (answer: Answer) => [answer.headers['content-security-policy'] ?? []].flat().join(', ');

async function learner(): Promise<string> {
  return (await send(ENDPOINTS.labSwitches)).headers['set-cookie']![0]!.split(';')[0]!;
}

describe('the consent page framing headers over real HTTP (RFC 6749 §10.13, RFC 9700 §4.16)', () => {
  it("lets only the site's own origin frame the consent page: not the other loopback origin", async () => {
    for (const cookie of [undefined, await learner()]) {
      const page = await send(consentPath(), cookie ? { cookie } : {});
      expect(page.status).toBe(200);
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(policies(page)).toMatch(/frame-ancestors 'self'$/);
      expect(policies(page)).not.toContain(`127.0.0.1:${port}`);
    }
  });

  it('drops both headers only for the learner who switched the defence off', async () => {
    const a = await learner();
    const b = await learner();
    expect((await send(ENDPOINTS.labSwitches, { method: 'POST', cookie: a, json: { 'consent-frame-ancestors': 'off' } })).status).toBe(200);
    const weakened = await send(consentPath(), { cookie: a });
    expect(weakened.headers['x-frame-options']).toBeUndefined();
    expect(policies(weakened)).toContain(`frame-ancestors 'self' ${origins.join(' ')}`);
    for (const cookie of [b, undefined]) {
      const page = await send(consentPath(), cookie ? { cookie } : {});
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(policies(page)).toMatch(/frame-ancestors 'self'$/);
    }
    // Learner A's other server pages keep their framing rule.
    const device = await send(ENDPOINTS.deviceVerification, { cookie: a });
    expect(device.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(policies(device)).toMatch(/frame-ancestors 'self'$/);
  });
});

describe('the attacker’s pages over real HTTP', () => {
  it('are answered on the other loopback name with their own policy (their scripts run), and not on the lab’s', async () => {
    const page = await send(`${ATTACKER_PAGES.catch}?code=x`, { host: `127.0.0.1:${port}` });
    expect(page.status).toBe(200);
    const policy = policies(page);
    expect(policy.match(/script-src/g)).toHaveLength(1);
    // The theme script, the catch page's and the decoy's, by hash.
    expect(policy).toMatch(/script-src(?: 'sha256-[^']+'){3};/);
    expect(policy).toContain(`frame-ancestors 'self' http://localhost:${port}`);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send(`${ATTACKER_PAGES.catch}?code=x`)).status).toBe(404);
  });
});

/** A POST over real HTTP whose body goes out in `chunks` (chunked, with no Content-Length, unless `length` is given). */
function post(path: string, chunks: readonly string[], headers: Record<string, string | number> = {}): Promise<Answer & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: `localhost:${port}`, 'content-type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('request bodies over real HTTP', () => {
  const limit = DEFAULT_LIMITS.maxBodyBytes;
  const service = CLIENTS.find((client) => client.grant_types.includes(GRANT_CLIENT_CREDENTIALS))!;
  const auth = `Basic ${Buffer.from(`${service.client_id}:${service.client_secret}`).toString('base64')}`;

  it('answers a body past the limit with 413 invalid_request, declared or streamed, and the security headers', async () => {
    const big = `grant_type=client_credentials&pad=${'a'.repeat(limit)}`;
    for (const answer of [
      await post(ENDPOINTS.token, [big], { authorization: auth, 'content-length': Buffer.byteLength(big) }),
      await post(ENDPOINTS.token, Array.from({ length: 80 }, () => 'a'.repeat(1024)), { authorization: auth }),
    ]) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'invalid_request' });
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('reads a body sent in many pieces whole, and keeps serving after a client gives up mid-upload', async () => {
    const form = `grant_type=client_credentials&scope=${service.scopes[0]}`;
    const pieces = form.match(/.{1,5}/g)!;
    const token = await post(ENDPOINTS.token, pieces, { authorization: auth });
    expect(token.status).toBe(200);
    expect(JSON.parse(token.body)).toMatchObject({ token_type: 'Bearer', scope: service.scopes[0] });
    expect(token.headers['cache-control']).toBe('no-store');
    expect(token.headers['access-control-allow-origin']).toBe('*');

    await new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: ENDPOINTS.token, method: 'POST', headers: { host: `localhost:${port}`, 'content-length': 1000, authorization: auth } });
      req.on('error', () => resolve());
      req.write('grant_type=client_', () => setTimeout(() => (req.destroy(), resolve()), 50));
    });
    expect((await post(ENDPOINTS.token, [form], { authorization: auth })).status).toBe(200);
  });
});

describe('a handler that fails', () => {
  it('gets 500 with the security headers, and the server goes on serving', async () => {
    const failingPort = await freePort();
    const failingOrigins = [`http://localhost:${failingPort}`];
    const lab = createSiteAuthServer(failingOrigins);
    let fail = true;
    const server = createSiteServer({
      origins: failingOrigins,
      authServer: { ...lab, answer: (request, body) => (fail ? Promise.reject(new Error('the store is gone')) : lab.answer(request, body)) },
      clientDir,
      renderPage: (_req, res) => void res.writeHead(404).end(),
    });
    await new Promise<void>((resolve) => server.listen(failingPort, '127.0.0.1', resolve));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const at = { port: failingPort, host: `localhost:${failingPort}` };
      const answer = await send(ENDPOINTS.metadata, at);
      expect(answer.status).toBe(500);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(logged).toHaveBeenCalled();
      fail = false;
      expect((await send(ENDPOINTS.metadata, at)).status).toBe(200);
    } finally {
      logged.mockRestore();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
