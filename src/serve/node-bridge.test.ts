/** The bridge writes an event stream as it comes (never buffered whole), and cancels it when the client leaves. */
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { sendResponse, toRequest } from './node-bridge';

let server: Server | undefined;
afterEach(() => void server?.close());

it('streams a text/event-stream response chunk by chunk and cancels it when the client goes away', async () => {
  const encoder = new TextEncoder();
  let push: (text: string) => void = () => undefined;
  let cancelled: () => void = () => undefined;
  const wasCancelled = new Promise<void>((resolve) => (cancelled = resolve));
  server = createServer((_req, res) => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (text) => controller.enqueue(encoder.encode(text));
        push(': keep-alive\n\n');
      },
      cancel: () => cancelled(),
    });
    void sendResponse(res, new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }), { method: 'GET' });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const response = await new Promise<IncomingMessage>((resolve) => get(`http://127.0.0.1:${port}/`, resolve));
  expect(response.headers['content-type']).toBe('text/event-stream');
  response.setEncoding('utf8');
  const read = () => new Promise<string>((resolve) => response.once('data', resolve));
  // Each chunk arrives while the stream is still open: nothing waits for its end.
  expect(await read()).toBe(': keep-alive\n\n');
  const next = read();
  push('event: state\ndata: {}\n\n');
  expect(await next).toBe('event: state\ndata: {}\n\n');
  response.destroy();
  await wasCancelled;
});

it('gives the handler the request as node:http parsed it: its origin, headers by any case, in name order', async () => {
  let seen: ReturnType<typeof toRequest> | undefined;
  server = createServer((req, res) => {
    seen = toRequest(req, 'https://lab.example');
    res.end();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<IncomingMessage>((resolve) =>
    get({ port, host: '127.0.0.1', path: '/oauth/authorize?a=%7e&b=%20', headers: { 'X-Two': ['1', '2'], Cookie: ['a=1', 'b=2'], Accept: 'text/html' } }, resolve),
  );
  expect(seen?.url).toBe('https://lab.example/oauth/authorize?a=%7e&b=%20');
  expect(seen?.method).toBe('GET');
  expect(seen?.headers.get('ACCEPT')).toBe('text/html');
  expect(seen?.headers.has('x-two')).toBe(true);
  expect(seen?.headers.get('x-two')).toBe('1, 2');
  expect(seen?.headers.get('cookie')).toBe('a=1; b=2');
  expect(seen?.headers.get('authorization')).toBeNull();
  const names = [...seen!.headers].map(([name]) => name);
  expect(names).toEqual([...names].sort());
  expect(names).toEqual(expect.arrayContaining(['accept', 'cookie', 'host', 'x-two']));
});
