import { createAuthServer, ENDPOINTS, type AuthServer, type AuthServerOptions } from '../../src/authserver';

export const ORIGIN = 'http://lab.test';
export const CALLBACK = `${ORIGIN}/lab/callback`;

export function newServer(options: AuthServerOptions = {}): AuthServer {
  return createAuthServer(options);
}

/** A fresh learner, as the walk-through gets one: its first lab request makes the server issue an id. */
export async function learnerCookie(server: AuthServer): Promise<string> {
  const issued = (await get(server, ENDPOINTS.labTrace)).headers.get('set-cookie');
  if (!issued) throw new Error('the lab endpoint issued no learner id');
  return issued.split(';')[0]!;
}

export function basic(client_id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

export interface Options {
  cookie?: string;
  headers?: Record<string, string>;
}

export function get(server: AuthServer, path: string, options: Options = {}): Promise<Response> {
  return server.handle(
    new Request(new URL(path, ORIGIN), {
      headers: { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    }),
  );
}

export function postForm(
  server: AuthServer,
  path: string,
  form: Record<string, string> | URLSearchParams | string,
  options: Options = {},
): Promise<Response> {
  const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
  return server.handle(
    new Request(new URL(path, ORIGIN), {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
    }),
  );
}

export function postJson(server: AuthServer, path: string, body: unknown, options: Options = {}): Promise<Response> {
  return server.handle(
    new Request(new URL(path, ORIGIN), {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers },
    }),
  );
}

export function authorizeUrl(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams(params)}`;
}

/** The hidden fields of the consent form, as a browser would post them back. */
export async function consentFormFields(response: Response): Promise<URLSearchParams> {
  const html = await response.text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.append(match[1]!, decodeEntities(match[2]!));
  }
  for (const match of html.matchAll(/name="consent_scope" value="([^"]+)" checked/g)) form.append('consent_scope', decodeEntities(match[1]!));
  return form;
}

/** The consent form as alice approving would post it: its fields, and its action (which may carry the page's own post ticket). */
export async function approvedConsentForm(page: Response): Promise<{ action: string; form: URLSearchParams }> {
  const html = await page.clone().text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)![1]!.replaceAll('&#38;', '&');
  const form = await consentFormFields(page);
  form.set('username', 'alice');
  form.set('password', 'wonderland');
  form.set('decision', 'approve');
  return { action, form };
}

function decodeEntities(value: string): string {
  return value.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

/** The anti-CSRF token a server page put in its form. */
export function formToken(html: string): string {
  const token = /<input type="hidden" name="csrf_token" value="([^"]+)">/.exec(html)?.[1];
  if (!token) throw new Error('the page has no csrf_token field');
  return token;
}

/** Opens the device verification page and posts its form the way a browser does (page token included). */
export async function submitDeviceForm(server: AuthServer, form: Record<string, string>, options: Options = {}): Promise<Response> {
  const page = await get(server, '/oauth/device', options);
  return postForm(server, '/oauth/device', { csrf_token: formToken(await page.text()), ...form }, {
    ...options,
    headers: { 'sec-fetch-site': 'same-origin', ...options.headers },
  });
}

export interface ApproveOptions extends Options {
  username?: string;
  password?: string;
  decision?: 'approve' | 'deny';
  /** Replace the ticked scopes. */
  consent_scope?: string[];
}

/** GET the authorize URL, then submit the consent form like a browser; returns the redirect Response. */
export async function authorizeAndDecide(
  server: AuthServer,
  params: Record<string, string>,
  options: ApproveOptions = {},
): Promise<Response> {
  const page = await get(server, authorizeUrl(params), options);
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}`);
  const form = await consentFormFields(page);
  if (options.consent_scope) {
    form.delete('consent_scope');
    for (const scope of options.consent_scope) form.append('consent_scope', scope);
  }
  form.set('username', options.username ?? 'alice');
  form.set('password', options.password ?? 'wonderland');
  form.set('decision', options.decision ?? 'approve');
  return postForm(server, '/oauth/authorize', form, { ...options, headers: { 'sec-fetch-site': 'same-origin', ...options.headers } });
}

/** Runs the front channel and returns the authorization code. */
export async function obtainCode(server: AuthServer, params: Record<string, string>, options: ApproveOptions = {}): Promise<string> {
  const response = await authorizeAndDecide(server, params, options);
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export const webApp = { client_id: 'web-app', secret: 'web-app-secret' };

/** Headers that authenticate as `web-app` with client_secret_basic. */
export const webAuth = { authorization: basic(webApp.client_id, webApp.secret) };

export function webAppAuthorization(extra: Record<string, string> = {}): Record<string, string> {
  return { response_type: 'code', client_id: 'web-app', redirect_uri: CALLBACK, scope: 'profile photos.read', state: 'xyz', ...extra };
}

export async function exchangeWebAppCode(server: AuthServer, code: string, options: Options = {}): Promise<Response> {
  return postForm(
    server,
    '/oauth/token',
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
    { ...options, headers: { ...webAuth, ...options.headers } },
  );
}

export async function readJson(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

/** The characters RFC 6749 §5.2 allows in `error` and `error_description`: `%x20-21 / %x23-5B / %x5D-7E`. */
export const RFC_ERROR_CHARSET = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/**
 * Every `error` and `error_description` a response carries, wherever it carries them: the JSON
 * body, the redirect's query or fragment, and the `WWW-Authenticate` challenge.
 */
export async function errorFields(response: Response): Promise<string[]> {
  const found: string[] = [];
  const location = response.headers.get('location');
  if (location) {
    const url = new URL(location, ORIGIN);
    for (const params of [url.searchParams, new URLSearchParams(url.hash.slice(1))]) {
      for (const name of ['error', 'error_description']) found.push(...params.getAll(name));
    }
  }
  const challenge = response.headers.get('www-authenticate');
  if (challenge) for (const match of challenge.matchAll(/\berror(?:_description)?="([^"]*)"/g)) found.push(match[1]!);
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
    const text = await response.clone().text();
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      for (const name of ['error', 'error_description']) if (typeof body[name] === 'string') found.push(body[name] as string);
    } catch {
      // not an error body
    }
  }
  return found;
}
