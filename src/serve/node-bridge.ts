/**
 * Between node:http and the fetch handler: the request as the handler reads it, addressed to the
 * configured origin and the request target (never to the Host header), and a Response written back.
 */
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ServerRequest } from '../authserver/http';

/**
 * Reads at most `limit` + 1 bytes (so the handler can still say 413); `undefined` when the client went
 * away. An aborted upload is the client's doing, not a server error: nothing to answer or log.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (body: Buffer | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(body);
    };
    const whole = () => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).subarray(0, limit + 1);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        req.pause(); // the rest is not kept: the handler answers 413, and node:http then drains what is left
        finish(whole());
      }
    };
    const onEnd = () => finish(whole());
    const onGone = () => finish(req.complete ? whole() : undefined);
    req.on('data', onData).once('end', onEnd).once('error', onGone).once('close', onGone);
  });
}

/**
 * The request's headers as the handler reads them, straight from node:http's: names in lower case,
 * repeated ones already joined (`, `, or `; ` for Cookie) and iterated in name order, as `Headers` does.
 */
class IncomingHeaders implements Iterable<[string, string]> {
  constructor(private readonly incoming: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.incoming[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.incoming[name.toLowerCase()] !== undefined;
  }

  *[Symbol.iterator](): Iterator<[string, string]> {
    for (const name of Object.keys(this.incoming).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }
}

/**
 * The handler's view of `req`, addressed to `origin` (the allowed origin its Host named), without its
 * body: the server passes the bytes it read beside it (`AuthServer.handle`). Not a fetch Request,
 * whose headers and body stream would cost more than the rest of a token request.
 */
export function toRequest(req: IncomingMessage, origin: string): ServerRequest {
  return { method: req.method ?? 'GET', url: new URL(`${origin}${req.url ?? '/'}`).href, headers: new IncomingHeaders(req.headers), body: null };
}

/** Turns a whole body into the one to send (compression), setting its headers. */
export type BodyEncoder = (status: number, headers: OutgoingHttpHeaders, body: Buffer) => Buffer;

/**
 * Writes a fetch Response (its headers win over any set on `res` before, and over `base`); every
 * `Set-Cookie` value is kept. A body goes out whole, through `encode` when given, with its
 * Content-Length; an event stream as it comes.
 */
export interface SendOptions {
  method: string;
  /** Turns the whole body into the one to send (compression). */
  encode?: BodyEncoder;
  /** The body's whole text when it is kept beside the response (`AuthServer.answer`): sent instead of a body stream. */
  bodyText?: string;
  /** Headers, named in lower case, that the response's own replace (the site's security headers). */
  base?: Readonly<OutgoingHttpHeaders>;
}

export async function sendResponse(res: ServerResponse, response: Response, { method, encode, bodyText, base }: SendOptions): Promise<void> {
  // One header object for writeHead, nothing set on `res` before: node:http then takes it as it is.
  const headers: OutgoingHttpHeaders = { ...base };
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  if (method === 'HEAD' || (!response.body && bodyText === undefined)) {
    await response.body?.cancel().catch(() => undefined);
    encode?.(response.status, headers, Buffer.alloc(0)); // its headers only (Vary), as for GET
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (response.body && isEventStream(response)) {
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
