/**
 * Between node:http and the fetch handler: a Request built from the configured origin and the
 * request target (never from the Host header), and a Response written back.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Reads at most `limit` + 1 bytes (so the handler can still say 413); `undefined` when the client went away. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) break;
    }
  } catch {
    // An aborted upload is the client's doing, not a server error: nothing to answer or log.
    return undefined;
  }
  if (req.destroyed && !req.complete && size <= limit) return undefined;
  return Buffer.concat(chunks).subarray(0, limit + 1);
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * The fetch Request for `req`, addressed to `origin` (the allowed origin its Host named), without its
 * body: the server passes the bytes it read beside it (`AuthServer.handle`), which spares building
 * and draining a body stream per request.
 */
export function toRequest(req: IncomingMessage, origin: string): Request {
  return new Request(`${origin}${req.url ?? '/'}`, { method: req.method ?? 'GET', headers: toHeaders(req.headers) });
}

/** Turns a whole body into the one to send (compression), setting its headers. */
export type BodyEncoder = (status: number, headers: OutgoingHttpHeaders, body: Buffer) => Buffer;

/**
 * Writes a fetch Response (its headers win over any set on `res` before); every `Set-Cookie` value is
 * kept. A body goes out whole, through `encode` when given, with its Content-Length; an event stream as it comes.
 * `bodyText`, when the caller knows the body's whole text already, is sent instead of reading the body stream.
 */
export async function sendResponse(res: ServerResponse, response: Response, method: string, encode?: BodyEncoder, bodyText?: string): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (method === 'HEAD' || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    encode?.(response.status, headers, Buffer.alloc(0)); // its headers only (Vary), as for GET
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (isEventStream(response)) {
    res.writeHead(response.status, headers);
    return streamBody(res, response.body);
  }
  const whole = bodyText !== undefined ? Buffer.from(bodyText) : Buffer.from(await response.arrayBuffer());
  const body = encode ? encode(response.status, headers, whole) : whole;
  headers['content-length'] = body.length;
  res.writeHead(response.status, headers);
  res.end(body);
}

/** An event stream (Server-Sent Events) is written as it comes, never buffered or compressed. */
export function isEventStream(response: Response): boolean {
  return response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
}

/** Writes each chunk at once; when the client goes away, the stream is cancelled so its producer can let go. */
async function streamBody(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  res.once('close', () => void reader.cancel().catch(() => undefined));
  res.flushHeaders();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
  } catch {
    // Cancelled: the client closed the connection.
  }
  res.end();
}
