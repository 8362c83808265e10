/** Small helpers for building responses and reading requests, free of any framework. */
import { invalidRequest, payloadTooLarge } from './errors';
import { utf8Length } from './store/bytes';

/**
 * What the server reads of a request. A fetch Request is one; the Node server passes a lighter one
 * of its own (`serve/node-bridge.ts`), with its body beside it (`AuthServer.handle`).
 */
export interface ServerRequest {
  readonly method: string;
  /** The whole URL, on the origin the request was addressed to. */
  readonly url: string;
  /** Read by lower-case name, as `Headers` reads them; iterated as name-value pairs, names in lower case. */
  readonly headers: Pick<Headers, 'get' | 'has'> & Iterable<[string, string]>;
  /** The body stream when the body does not come beside the request. */
  readonly body?: ReadableStream<Uint8Array> | null;
}

/** Token responses and anything carrying credentials must not be cached. @see RFC 6749 §5.1 */
export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const;

/**
 * A response made here (`json`, `html`) is a body-less Response with its whole text kept beside it
 * until it leaves the server: the trace records a JSON body from that text, and the Node server sends
 * it, neither making nor reading a body stream (in Node the costliest part of a Response). `withBody`
 * gives every other caller the Response with its body.
 */
const bodyTexts = new WeakMap<Response, string>();
/** What the trace records of an HTML page instead of the page: a short description. */
const pageSummaries = new WeakMap<Response, string>();

/** The exact body text of a response made by `json` or `html`; `undefined` for any other. */
export function bodyTextOf(response: Response): string | undefined {
  return bodyTexts.get(response);
}

function withText(text: string, init: ResponseInit): Response {
  const response = new Response(null, init);
  bodyTexts.set(response, text);
  return response;
}

/** The response with its body in it: the text kept beside a response made here becomes its body. */
export function withBody(response: Response): Response {
  const text = bodyTexts.get(response);
  if (text === undefined || response.body !== null) return response;
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonText(JSON.stringify(body), status, headers);
}

/** A JSON response whose text is already written (a trace pull's, from the store's own JSON). */
export function jsonText(text: string, status = 200, headers: Record<string, string> = {}): Response {
  return withText(text, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

export function html(body: string, status: number, summary: string, headers: Record<string, string> = {}): Response {
  const response = withText(body, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      ...NO_STORE,
      // Only this site may frame the login page (the walk-through does). @see RFC 6749 §10.13
      'Content-Security-Policy': "frame-ancestors 'self'",
      'X-Frame-Options': 'SAMEORIGIN',
      ...headers,
    },
  });
  const bytes = utf8Length(body);
  pageSummaries.set(response, `<HTML ${summary}, ${(bytes / 1000).toFixed(1)} kB>`);
  return response;
}

/** The body as the trace records it: a page's summary, a JSON body's text, else read from a copy of the response. */
export async function recordedBody(response: Response): Promise<string | undefined> {
  return pageSummaries.get(response) ?? bodyTexts.get(response) ?? (response.body ? await response.clone().text() : undefined);
}

export function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, ...NO_STORE } });
}

/**
 * Reads the body as text, refusing more than `limit` bytes (413): from `read`, the bytes a caller
 * already took off the wire (the Node server), else from the request's stream.
 * Invalid UTF-8 is replaced, never thrown.
 */
export async function readBodyText(request: ServerRequest, limit: number, read?: Uint8Array): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  const bytes = read ?? (await readBodyStream(request, limit));
  if (bytes.byteLength > limit) throw payloadTooLarge(limit);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** The request's body stream, whole; cancelled, with 413, once it passes `limit` bytes. */
async function readBodyStream(request: ServerRequest, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

/** Media type without parameters, lower case: `application/x-www-form-urlencoded`. */
export function mediaType(request: ServerRequest): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The body of a lab POST (class and lab endpoints, no OAuth endpoint): a JSON object, or `400 invalid_request`. */
export function jsonObjectBody(request: ServerRequest, bodyText: string | undefined): Record<string, unknown> {
  if (mediaType(request) !== 'application/json') throw invalidRequest('the body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(bodyText ?? '');
  } catch {
    throw invalidRequest('the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('the body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Request parameters with the RFC 6749 rules applied on read.
 * @see RFC 6749 §3.1 "Parameters sent without a value MUST be treated as if they were
 *      omitted from the request. [...] Request and response parameters MUST NOT be included more than once."
 */
export class Params {
  constructor(private readonly search: URLSearchParams) {}

  static fromForm(bodyText: string): Params {
    return new Params(new URLSearchParams(bodyText));
  }

  get(name: string): string | undefined {
    const values = this.search.getAll(name).filter((value) => value !== '');
    if (values.length > 1) throw invalidRequest(`${name} is included more than once`);
    return values[0];
  }

  require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw invalidRequest(`${name} is missing`);
    return value;
  }

  /** The value when the parameter is sent exactly once, otherwise `undefined` (for form fields, which never throw). */
  one(name: string): string | undefined {
    const values = this.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  }

  getAll(name: string): string[] {
    return this.search.getAll(name).filter((value) => value !== '');
  }

  /** Names that appear more than once (with a value). */
  duplicated(): string[] {
    const seen = new Map<string, number>();
    for (const [name, value] of this.search) if (value !== '') seen.set(name, (seen.get(name) ?? 0) + 1);
    return [...seen].filter(([, count]) => count > 1).map(([name]) => name);
  }

  entries(): [string, string][] {
    return [...this.search];
  }
}

/**
 * The form body of a POST endpoint. Anything else is `invalid_request`.
 * @see RFC 6749 §4.1.3, §3.2 ("application/x-www-form-urlencoded")
 */
export function formParams(request: ServerRequest, bodyText: string | undefined): Params {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    throw invalidRequest('the body must be application/x-www-form-urlencoded');
  }
  return Params.fromForm(bodyText ?? '');
}

export function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
