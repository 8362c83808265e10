/**
 * Secrets the trace never records: the user's password and the client's secret, wherever they
 * travel (form or JSON body, query string, `Authorization: Basic`, a check's inputs). Each is
 * replaced at record time by a mask that still shows that a secret was sent and how long it was.
 * Codes, tokens and PKCE verifiers stay: they are the learner's own, in the learner's own trace,
 * and the lesson is about them.
 */
import type { UnsequencedEvent } from './trace';

/** Fields whose values are never recorded. @see RFC 6749 §2.3.1 (client_secret), §3.1 (the user authenticates) */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'client_secret']);

/** `••••••(10 characters)`: that a secret was sent, not what it was. */
export function maskedSecret(value: string): string {
  return value === '' ? '' : `••••••(${[...value].length} characters)`;
}

function decodeFormComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `a=1&password=xyz` → `a=1&password=••••••(3 characters)`; every other byte stays as sent. */
export function maskFormText(text: string): string {
  return text
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0 || !SECRET_FIELDS.has(decodeFormComponent(pair.slice(0, equals)))) return pair;
      return `${pair.slice(0, equals + 1)}${maskedSecret(decodeFormComponent(pair.slice(equals + 1)))}`;
    })
    .join('&');
}

/** Masks the query string of a URL (a secret does not belong there, but a learner may put it there). */
export function maskUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const fragment = url.indexOf('#', query);
  const end = fragment < 0 ? url.length : fragment;
  return `${url.slice(0, query + 1)}${maskFormText(url.slice(query + 1, end))}${url.slice(end)}`;
}

/** A JSON body with its secret members masked (deeply); any other body is read as a form. */
export function maskBody(body: string): string {
  if (!/^\s*[[{]/.test(body)) return maskFormText(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return maskFormText(body);
  }
  return typeof parsed === 'object' && parsed !== null ? JSON.stringify(maskFields(parsed)) : body;
}

/** A copy with the values of SECRET_FIELDS members masked, also inside arrays and nested objects. */
export function maskFields<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskFields(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [
        name,
        SECRET_FIELDS.has(name) && typeof item === 'string' ? maskedSecret(item) : maskFields(item),
      ]),
    ) as T;
  }
  return value;
}

const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);

/**
 * Masks credentials that contain a secret (`Basic base64(client_id:client_secret)`, any other scheme)
 * but keeps the scheme; a Bearer token stays, so the Inspector can decode the learner's own access token.
 * @see RFC 6749 §2.3.1, RFC 6750 §2.1
 */
export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => {
      if (!CREDENTIAL_HEADERS.has(name.toLowerCase()) || /^bearer\s/i.test(value)) return [name, value];
      const space = value.indexOf(' ');
      return [name, space > 0 ? `${value.slice(0, space)} ${maskedSecret(value.slice(space + 1).trim())}` : maskedSecret(value)];
    }),
  );
}

/** The event as the trace may keep it. */
export function withoutSecrets(event: UnsequencedEvent): UnsequencedEvent {
  if (event.type === 'check') return { ...event, inputs: maskFields(event.inputs) };
  const { request } = event;
  return {
    ...event,
    request: {
      ...request,
      url: maskUrl(request.url),
      headers: maskHeaders(request.headers),
      ...(request.body !== undefined ? { body: maskBody(request.body) } : {}),
    },
    // A registration response carries the new client's secret. @see RFC 7591 §3.2.1
    ...(event.response.body?.includes('"client_secret"') ? { response: { ...event.response, body: maskBody(event.response.body) } } : {}),
  };
}
