import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { CheckEvent, ExchangeEvent } from '../trace/events';
import { LEARNER_COOKIE } from './learner';
import type { AttackerMark, TracedEvent } from './types';

/**
 * The Inspector's display model: pure functions from trace events to what the panel shows
 * (titles, who talks to whom, headers, bodies, verdicts), with secrets masked but revealable,
 * JWTs decoded and a curl command for each exchange. No DOM here.
 */

/** One name/value line. `masked` is what to show until the learner presses Reveal (null: not secret). */
export interface InspectorField {
  name: string;
  value: string;
  masked: string | null;
  /** Why this value is there (for annotated check inputs). */
  note?: string;
}

/** A JWT found in an entry, decoded (not verified: the Inspector only shows what is inside). */
export interface DecodedJwt {
  /** Where it was found, e.g. `access_token`. */
  where: string;
  header: string;
  payload: string;
  /** Time claims made readable, e.g. `exp: 2026-11-25 15:16:40 UTC`. */
  times: { claim: string; readable: string }[];
}

export interface InspectorBody {
  text: string;
  masked: string | null;
}

export interface InspectorMessage {
  /** Request line (e.g. `POST` and the token endpoint path) or status line (`HTTP 200 OK`). */
  line: string;
  headers: InspectorField[];
  body: InspectorBody | null;
}

export interface InspectorEntry {
  /** Stable identity of the entry across renders. */
  key: string;
  kind: 'exchange' | 'check';
  stepId: string;
  /** What the entry starts with: the request line (method first) or the check's name and ✓/✗. */
  title: string;
  /** Who talks to whom, e.g. "Client app (back channel) → Authorization server", or who checked. */
  parties: string;
  channel: 'front' | 'back' | null;
  /** The response status of an exchange. */
  status: number | null;
  verdict: 'pass' | 'fail' | null;
  request: (InspectorMessage & { query: InspectorField[] }) | null;
  response: InspectorMessage | null;
  inputs: InspectorField[];
  detail: string | null;
  rfc: string | null;
  rfcUrl: string | null;
  /** `curl` command that replays the exchange (real values: copying is an explicit act). */
  curl: string | null;
  /** Whether anything in the entry is masked (then the entry offers Reveal). */
  hasSecrets: boolean;
  /** Every JWT in the entry (Bearer header, token response, check inputs), decoded. */
  jwts: DecodedJwt[];
}

/** Parameter, field and claim names whose values are masked on screen. */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
  'client_secret',
  'code_verifier',
  'password',
  'access_token',
  'refresh_token',
  'id_token',
  'device_code',
]);
/** Header names whose values are masked on screen (the scheme stays visible). */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);

const MASK = '••••••••';
const TITLE_MAX = 90;
const BODY_MAX = 4000;

const PARTICIPANT: Record<ExchangeEvent['server'], string> = {
  authserver: 'Authorization server',
  resource: 'Resource server',
  client: 'Client app',
};

const REASON: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  302: 'Found',
  303: 'See Other',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

const JWT_SHAPE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'];

export function maskSecret(value: string): string {
  return value === '' ? value : MASK;
}

/** Masks the credentials of an Authorization header but keeps its scheme: `Bearer ••••••••`. */
export function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} ${MASK}` : MASK;
}

/** Seconds since the epoch as `2026-11-25 15:16:40 UTC`. */
export function readableTime(epochSeconds: number): string {
  return `${new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Decodes a JWT's header and payload; null when `value` is not a JWT. */
export function decodeJwtForDisplay(where: string, value: string): DecodedJwt | null {
  if (!JWT_SHAPE.test(value)) return null;
  try {
    const header = decodeProtectedHeader(value);
    const payload = decodeJwt(value);
    const times = TIME_CLAIMS.filter((claim) => typeof payload[claim] === 'number').map((claim) => ({
      claim,
      readable: readableTime(payload[claim] as number),
    }));
    return { where, header: JSON.stringify(header, null, 2), payload: JSON.stringify(payload, null, 2), times };
  } catch {
    return null;
  }
}

/** `https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1` for "RFC 6749 §4.1.1". */
export function rfcUrl(citation: string): string | null {
  const match = /RFC\s*(\d+)(?:\s*§\s*([\d.]+\d|\d))?/i.exec(citation);
  if (!match) return null;
  return `https://www.rfc-editor.org/rfc/rfc${match[1]}${match[2] ? `#section-${match[2]}` : ''}`;
}

function headerFields(headers: Record<string, string>): InspectorField[] {
  return Object.entries(headers).map(([name, value]) => ({
    name,
    value,
    masked: SECRET_HEADERS.has(name.toLowerCase()) ? maskAuthorization(value) : null,
  }));
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.keys(headers).find((h) => h.toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}

function jwtsInHeaders(headers: Record<string, string>): DecodedJwt[] {
  const authorization = headerValue(headers, 'authorization');
  const bearer = authorization && /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  const decoded = bearer ? decodeJwtForDisplay('Authorization: Bearer', bearer) : null;
  return decoded ? [decoded] : [];
}

/** Masks secret members of a JSON value (deeply) and collects the JWTs in it. */
function maskJson(value: unknown, jwts: DecodedJwt[], path = ''): { masked: unknown; secret: boolean } {
  if (Array.isArray(value)) {
    let secret = false;
    const masked = value.map((item, i) => {
      const r = maskJson(item, jwts, `${path}[${i}]`);
      secret ||= r.secret;
      return r.masked;
    });
    return { masked, secret };
  }
  if (value && typeof value === 'object') {
    let secret = false;
    const masked: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (typeof member === 'string') {
        const jwt = decodeJwtForDisplay(path ? `${path}.${key}` : key, member);
        if (jwt) jwts.push(jwt);
        if (SECRET_NAMES.has(key)) {
          masked[key] = maskSecret(member);
          secret = true;
          continue;
        }
      }
      const r = maskJson(member, jwts, path ? `${path}.${key}` : key);
      secret ||= r.secret;
      masked[key] = r.masked;
    }
    return { masked, secret };
  }
  return { masked: value, secret: false };
}

function maskForm(text: string, jwts: DecodedJwt[]): { text: string; masked: string | null } {
  const params = new URLSearchParams(text);
  let secret = false;
  const masked = new URLSearchParams();
  for (const [name, value] of params) {
    const jwt = decodeJwtForDisplay(name, value);
    if (jwt) jwts.push(jwt);
    if (SECRET_NAMES.has(name)) secret = true;
    masked.append(name, SECRET_NAMES.has(name) ? maskSecret(value) : value);
  }
  return { text, masked: secret ? decodeURIComponent(masked.toString().replaceAll('+', ' ')) : null };
}

/** A body for display: JSON pretty-printed, forms and JSON with secrets masked, long HTML cut short. */
export function bodyForDisplay(
  body: string | undefined,
  contentType: string | undefined,
  jwts: DecodedJwt[] = [],
): InspectorBody | null {
  if (body === undefined || body === '') return null;
  const type = (contentType ?? '').toLowerCase();
  const looksJson = type.includes('json') || /^\s*[[{]/.test(body);
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(body);
      const { masked, secret } = maskJson(parsed, jwts);
      return { text: JSON.stringify(parsed, null, 2), masked: secret ? JSON.stringify(masked, null, 2) : null };
    } catch {
      // not JSON after all
    }
  }
  if (type.includes('x-www-form-urlencoded') || (!type && /^[\w.~%+-]+=[^<\s]*(&[\w.~%+-]+=[^<\s]*)*$/.test(body))) {
    return maskForm(body, jwts);
  }
  const text = body.length > BODY_MAX ? `${body.slice(0, BODY_MAX)}\n… (${body.length - BODY_MAX} more characters)` : body;
  return { text, masked: null };
}

function pathAndQuery(url: string, masked: boolean): string {
  const parsed = new URL(url, 'http://origin.invalid');
  if (!masked || parsed.search === '') return `${parsed.pathname}${parsed.search}`;
  const pairs = parsed.search.slice(1).split('&').map((pair) => {
    const name = decodeURIComponent(pair.split('=')[0]!.replaceAll('+', ' '));
    return SECRET_NAMES.has(name) ? `${pair.split('=')[0]}=${MASK}` : pair;
  });
  return `${parsed.pathname}?${pairs.join('&')}`;
}

function shorten(text: string): string {
  return text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1)}…` : text;
}

/** Front or back channel: as recorded, or inferred (pages the user sees are front channel). */
export function channelOf(exchange: ExchangeEvent): 'front' | 'back' {
  if (exchange.channel) return exchange.channel;
  if (exchange.server === 'client') return 'front';
  const path = new URL(exchange.request.url, 'http://origin.invalid').pathname;
  return /^\/oauth\/(authorize|device)(\/|$)/.test(path) ? 'front' : 'back';
}

/** How the Inspector names the learner's side: the flow's client (e.g. "TV") and its learner id. */
export interface InspectorOptions {
  /** The flow's client participant as the diagram names it; "Client app" when not given. */
  clientLabel?: string;
  /** The learner's namespace on the server: copied curl commands send it, or the server would not know the codes and tokens. */
  learnerId?: string | null;
  /** Who answers for the servers when it is not a server of their own: the static site's Service Worker. */
  servedBy?: string;
}

/** Who sent an exchange the walk-through's own side made: the browser (front channel) or the client app (back channel). */
function senderOf(exchange: ExchangeEvent, clientLabel: string): string {
  return channelOf(exchange) === 'front' ? 'Browser' : `${clientLabel} (back channel)`;
}

export function partiesOf(exchange: ExchangeEvent, clientLabel = PARTICIPANT.client, servedBy?: string): string {
  const from = senderOf(exchange, clientLabel);
  const to = exchange.server === 'client' ? clientLabel : `${PARTICIPANT[exchange.server]}${servedBy ? `, served by ${servedBy}` : ''}`;
  return `${from} → ${to}`;
}

/** The client (or browser) talking to the attacker's own server: "Client app (back channel) → Attacker (http://127.0.0.1:4321)". */
export function toAttackerPartiesOf(exchange: ExchangeEvent, to: AttackerMark, clientLabel = PARTICIPANT.client): string {
  return `${senderOf(exchange, clientLabel)} → Attacker (${to.site})`;
}

/** An attack lesson's attacker talking to a server: "Attacker (http://127.0.0.1:4321) → Authorization server". */
export function attackerPartiesOf(exchange: ExchangeEvent, by: AttackerMark): string {
  const to = exchange.server === 'client' ? PARTICIPANT.client : PARTICIPANT[exchange.server];
  return `Attacker (${by.site}) → ${to}`;
}

const HIDDEN_CURL_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'accept-encoding',
  'user-agent',
  'origin',
  'referer',
]);

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A `curl` command that sends the same request again (as the same learner, when the request went to this site). */
export function curlCommand(exchange: ExchangeEvent, origin: string, learnerId: string | null = null): string {
  const { method, url, headers, body } = exchange.request;
  const target = new URL(url, origin);
  const parts = ['curl -i'];
  if (method !== 'GET' || body) parts.push(`-X ${method}`);
  parts.push(shellQuote(target.toString()));
  if (learnerId && target.origin === origin) parts.push(`-b ${shellQuote(`${LEARNER_COOKIE}=${learnerId}`)}`);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (HIDDEN_CURL_HEADERS.has(lower) || lower.startsWith('sec-')) continue;
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (body) parts.push(`--data-raw ${shellQuote(body)}`);
  return parts.join(' \\\n  ');
}

function exchangeEntry(event: ExchangeEvent & TracedEvent, key: string, origin: string, options: InspectorOptions): InspectorEntry {
  const { request, response } = event;
  const method = request.method.toUpperCase();
  const queryFields: InspectorField[] = [...new URL(request.url, origin).searchParams].map(([name, value]) => ({
    name,
    value,
    masked: SECRET_NAMES.has(name) ? maskSecret(value) : null,
  }));
  const jwts = jwtsInHeaders(request.headers);
  const requestBody = bodyForDisplay(request.body, headerValue(request.headers, 'content-type'), jwts);
  const responseBody = bodyForDisplay(response.body, headerValue(response.headers, 'content-type'), jwts);
  const requestHeaders = headerFields(request.headers);
  const responseHeaders = headerFields(response.headers);
  const requestMessage = {
    line: `${method} ${pathAndQuery(request.url, true)}`,
    headers: requestHeaders,
    body: requestBody,
    query: queryFields,
  };
  const hasSecrets = [...queryFields, ...requestHeaders, ...responseHeaders].some((f) => f.masked !== null) ||
    Boolean(requestBody?.masked || responseBody?.masked);
  return {
    key,
    kind: 'exchange',
    stepId: event.stepId,
    title: shorten(`${method} ${pathAndQuery(request.url, true)}`),
    parties: event.by
      ? attackerPartiesOf(event, event.by)
      : event.to
        ? toAttackerPartiesOf(event, event.to, options.clientLabel)
        : partiesOf(event, options.clientLabel, options.servedBy),
    channel: channelOf(event),
    status: response.status,
    verdict: null,
    request: requestMessage,
    response: {
      line: `HTTP ${response.status}${REASON[response.status] ? ` ${REASON[response.status]}` : ''}`,
      headers: responseHeaders,
      body: responseBody,
    },
    inputs: [],
    detail: null,
    rfc: null,
    rfcUrl: null,
    curl: curlCommand(event, origin, options.learnerId ?? null),
    hasSecrets,
    jwts,
  };
}

function inputFields(inputs: Record<string, unknown>, jwts: DecodedJwt[]): InspectorField[] {
  return Object.entries(inputs).map(([name, raw]) => {
    let value: unknown = raw;
    let note: string | undefined;
    // Annotated inputs: `{ value, why }`.
    if (raw && typeof raw === 'object' && !Array.isArray(raw) && 'value' in raw && 'why' in raw) {
      value = (raw as { value: unknown }).value;
      note = String((raw as { why: unknown }).why);
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
    if (typeof value === 'string') {
      const jwt = decodeJwtForDisplay(name, value);
      if (jwt) jwts.push(jwt);
    }
    return {
      name,
      value: text,
      masked: SECRET_NAMES.has(name) ? maskSecret(text) : null,
      ...(note ? { note } : {}),
    };
  });
}

const CHECKER: Record<CheckEvent['actor'], string> = {
  authserver: 'Checked by the authorization server',
  resource: 'Checked by the resource server',
  client: 'Checked by the client app',
};

function checkEntry(event: CheckEvent & TracedEvent, key: string): InspectorEntry {
  const jwts: DecodedJwt[] = [];
  const inputs = inputFields(event.inputs, jwts);
  return {
    key,
    kind: 'check',
    stepId: event.stepId,
    title: `${event.name} ${event.verdict === 'pass' ? '✓' : '✗'}`,
    parties: event.by ? `Recorded by the attacker (${event.by.site})` : CHECKER[event.actor],
    channel: null,
    status: null,
    verdict: event.verdict,
    request: null,
    response: null,
    inputs,
    detail: event.detail ?? null,
    rfc: event.rfc ?? null,
    rfcUrl: event.rfc ? rfcUrl(event.rfc) : null,
    curl: null,
    hasSecrets: inputs.some((f) => f.masked !== null),
    jwts,
  };
}

/** The Inspector's entries, one per exchange or check, in trace order. */
export function inspectorEntries(trace: readonly TracedEvent[], origin: string, options: InspectorOptions = {}): InspectorEntry[] {
  return trace.map((event) => {
    const key = `${event.recordedBy}-${event.type}-${event.seq}`;
    return event.type === 'exchange' ? exchangeEntry(event, key, origin, options) : checkEntry(event, key);
  });
}

/** "passed" / "failed": the verdict in words, next to ✓ / ✗ and color. */
export function verdictText(verdict: 'pass' | 'fail'): string {
  return verdict === 'pass' ? 'passed' : 'failed';
}
