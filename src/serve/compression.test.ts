import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthServer } from '../authserver';
import { ENDPOINTS } from '../authserver/paths';
import { chooseCoding, COMPRESSION_THRESHOLD_BYTES } from './compression';
import { createSiteServer } from './site-server';

/** A page as Astro's Node adapter writes one: headers (with its own CSP) in writeHead, then the body in chunks. */
const PAGE = `<!doctype html><html><body>${'<p>A step of the flow, explained.</p>'.repeat(200)}</body></html>`;
const PAGE_POLICY = "script-src 'self'";
const STATIC_TEXT = 'static file '.repeat(300);

function renderPage(req: IncomingMessage, res: ServerResponse): void {
  if (req.url === '/page/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PAGE_POLICY });
    res.write(PAGE.slice(0, 1000));
    res.end(PAGE.slice(1000));
  } else if (req.url === '/events/') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.end(`data: ${'x'.repeat(COMPRESSION_THRESHOLD_BYTES * 2)}\n\n`);
  } else {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
}

/** A port nothing listens on, so that the server's origin is known before it is created. */
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
  /** The body as sent on the wire. */
  raw: Buffer;
  /** The body once decoded by its Content-Encoding. */
  text: string;
}

function decode(raw: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'br') return brotliDecompressSync(raw);
  if (encoding === 'gzip') return gunzipSync(raw);
  if (encoding === undefined) return raw;
  throw new Error(`unexpected Content-Encoding ${encoding}`);
}

let origin = '';
let close: () => Promise<void> = async () => {};
let staticDir = '';

/** Real HTTP with node:http, which (unlike fetch) leaves the body as it came. */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${origin}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: decode(raw, encoding).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const varies = (answer: Answer) => String(answer.headers.vary ?? '').toLowerCase().split(/\s*,\s*/).includes('accept-encoding');

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  staticDir = mkdtempSync(join(tmpdir(), 'osl-compression-'));
  writeFileSync(join(staticDir, 'notes.txt'), STATIC_TEXT);
  writeFileSync(join(staticDir, 'notes.txt.br'), brotliCompressSync(STATIC_TEXT));
  const server = createSiteServer({ origins: [origin], authServer: createAuthServer({ origins: [origin] }), clientDir: staticDir, renderPage });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
});

afterAll(async () => {
  await close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('compression of what the server produces per request (RFC 9110 §8.4, §12.5.3)', () => {
  it('compresses the OAuth server’s JSON (a trace pull) with Brotli or gzip, as the client accepts, to the same body', async () => {
    const issued = await send('GET', `${ENDPOINTS.labTrace}?after=0`);
    const cookie = String(issued.headers['set-cookie']).split(';')[0]!;
    // A few exchanges in the learner's trace, so that pulling it answers a JSON body well above the threshold.
    for (let i = 0; i < 3; i++) await send('GET', ENDPOINTS.metadata, { cookie });
    const pull = (headers: Record<string, string> = {}) => send('GET', `${ENDPOINTS.labTrace}?after=0`, { cookie, ...headers });

    const plain = await pull();
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.raw.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    expect(varies(plain)).toBe(true);

    const br = await pull({ 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(varies(br)).toBe(true);
    expect(br.raw.length).toBeLessThan(plain.raw.length);
    expect(JSON.parse(br.text)).toEqual(JSON.parse(plain.text));

    const gzip = await pull({ 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gzip.text)).toEqual(JSON.parse(plain.text));

    const refused = await pull({ 'Accept-Encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('sends a body below the threshold as it is, still with Vary: Accept-Encoding', async () => {
    const tiny = await send('POST', ENDPOINTS.token, { 'Accept-Encoding': 'br, gzip', 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(tiny.status).toBe(400);
    expect(tiny.raw.length).toBeLessThan(COMPRESSION_THRESHOLD_BYTES);
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(Number(tiny.headers['content-length'])).toBe(tiny.raw.length);
    expect(JSON.parse(tiny.text)).toMatchObject({ error: 'invalid_request' });
    expect(varies(tiny)).toBe(true);
  });

  it('compresses a page rendered on demand, written in chunks, and keeps both its policies', async () => {
    const page = await send('GET', '/page/', { 'Accept-Encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(varies(page)).toBe(true);
    expect(page.text).toBe(PAGE);
    const policies = String(page.headers['content-security-policy']);
    expect(policies).toContain(PAGE_POLICY);
    expect(policies).toContain('frame-ancestors');
  });

  it('never compresses an event stream, nor the answer to HEAD', async () => {
    const events = await send('GET', '/events/', { 'Accept-Encoding': 'br, gzip' });
    expect(events.headers['content-type']).toBe('text/event-stream');
    expect(events.headers['content-encoding']).toBeUndefined();
    expect(events.text.startsWith('data: xxx')).toBe(true);

    const head = await send('HEAD', '/page/', { 'Accept-Encoding': 'br' });
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.raw.length).toBe(0);
  });

  it('sends a static file’s own Brotli copy, not a second compression of it', async () => {
    const file = await send('GET', '/notes.txt', { 'Accept-Encoding': 'br' });
    expect(file.headers['content-encoding']).toBe('br');
    expect(file.text).toBe(STATIC_TEXT);
  });
});

describe('chooseCoding (Accept-Encoding, RFC 9110 §12.5.3)', () => {
  it('prefers Brotli, then gzip, as weighted by the client', () => {
    expect(chooseCoding('gzip, deflate, br')).toBe('br');
    expect(chooseCoding('gzip')).toBe('gzip');
    expect(chooseCoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(chooseCoding('*')).toBe('br');
    expect(chooseCoding('br;q=0, *;q=0.3')).toBe('gzip');
  });

  it('answers identity without the header, or when every coding is refused or unknown', () => {
    expect(chooseCoding(undefined)).toBe('identity');
    expect(chooseCoding('br;q=0, gzip;q=0')).toBe('identity');
    expect(chooseCoding('deflate, compress')).toBe('identity');
    expect(chooseCoding('identity')).toBe('identity');
  });
});
