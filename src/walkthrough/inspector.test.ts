import { demoUser } from './demo';
import { CLIENT_PAGES, ENDPOINTS } from '../authserver/paths';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  bodyForDisplay,
  curlCommand,
  decodeJwtForDisplay,
  inspectorEntries,
  partiesOf,
  readableTime,
  rfcUrl,
  verdictText,
} from './inspector';
import type { ExchangeEvent } from '../trace/events';
import type { TracedEvent } from './types';

const origin = 'http://localhost:4321';

async function accessToken() {
  return new SignJWT({ scope: 'profile photos.read', client_id: 'web-app' })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' })
    .setSubject('alice')
    .setIssuer(origin)
    .setIssuedAt(1_764_082_000)
    .setExpirationTime(1_764_082_600)
    .sign(new TextEncoder().encode('a-test-key-that-is-long-enough-32b'));
}

function tokenExchange(token: string): TracedEvent {
  return {
    type: 'exchange',
    seq: 7,
    at: 0,
    server: 'authserver',
    channel: 'back',
    recordedBy: 'client',
    stepId: 'token-request',
    request: {
      method: 'POST',
      url: `${origin}${ENDPOINTS.token}`,
      headers: { authorization: 'Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA==', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2Flocalhost%3A4321%2Flab%2Fcallback',
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 600, refresh_token: 'r-123' }),
    },
  };
}

describe('Inspector entries for exchanges', () => {
  it('title starts with the method and path; who talks to whom follows the channel', async () => {
    const [entry] = inspectorEntries([tokenExchange(await accessToken())], origin);
    expect(entry!.title).toBe(`POST ${ENDPOINTS.token}`);
    expect(entry!.parties).toBe('Client app (back channel) → Authorization server');
    expect(entry!.channel).toBe('back');
    expect(entry!.status).toBe(200);
    expect(entry!.response!.line).toBe('HTTP 200 OK');
    expect(entry!.kind).toBe('exchange');
    expect(entry!.stepId).toBe('token-request');
  });

  it('masks the Authorization header but keeps its scheme', async () => {
    const [entry] = inspectorEntries([tokenExchange(await accessToken())], origin);
    const authorization = entry!.request!.headers.find((h) => h.name === 'authorization')!;
    expect(authorization.masked).toBe('Basic ••••••••');
    expect(authorization.value).toBe('Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA==');
    expect(entry!.request!.headers.find((h) => h.name === 'content-type')!.masked).toBeNull();
    expect(entry!.hasSecrets).toBe(true);
  });

  it('masks access_token and refresh_token in a JSON response and decodes the JWT with readable times', async () => {
    const token = await accessToken();
    const [entry] = inspectorEntries([tokenExchange(token)], origin);
    const body = entry!.response!.body!;
    expect(JSON.parse(body.text)).toMatchObject({ access_token: token, refresh_token: 'r-123' });
    expect(JSON.parse(body.masked!)).toEqual({ access_token: '••••••••', token_type: 'Bearer', expires_in: 600, refresh_token: '••••••••' });
    expect(entry!.jwts).toHaveLength(1);
    const jwt = entry!.jwts[0]!;
    expect(jwt.where).toBe('access_token');
    expect(JSON.parse(jwt.header)).toEqual({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' });
    expect(JSON.parse(jwt.payload)).toMatchObject({ sub: 'alice', iss: origin, scope: 'profile photos.read' });
    expect(jwt.times).toEqual([
      { claim: 'exp', readable: '2025-11-25 14:56:40 UTC' },
      { claim: 'iat', readable: '2025-11-25 14:46:40 UTC' },
    ]);
  });

  it('masks secrets in form bodies (client_secret, password, code_verifier)', () => {
    const body = bodyForDisplay(`username=alice&password=${demoUser.password}&decision=approve`, 'application/x-www-form-urlencoded');
    expect(body!.masked).toBe('username=alice&password=••••••••&decision=approve');
    const verifier = bodyForDisplay('grant_type=authorization_code&code_verifier=xyz&client_secret=s', undefined);
    expect(verifier!.masked).toBe('grant_type=authorization_code&code_verifier=••••••••&client_secret=••••••••');
    expect(bodyForDisplay('grant_type=refresh_token', 'application/x-www-form-urlencoded')!.masked).toBeNull();
  });

  it('decodes the bearer token sent to the API and infers the front channel for the authorize page', async () => {
    const token = await accessToken();
    const entries = inspectorEntries(
      [
        {
          type: 'exchange',
          seq: 2,
          at: 0,
          server: 'authserver',
          recordedBy: 'server',
          stepId: 'authorization-request',
          request: { method: 'GET', url: `${ENDPOINTS.authorize}?response_type=code&client_id=web-app&state=xyz`, headers: {} },
          response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><p>Consent' },
        },
        {
          type: 'exchange',
          seq: 3,
          at: 0,
          server: 'resource',
          channel: 'back',
          recordedBy: 'client',
          stepId: 'api-request',
          request: { method: 'GET', url: `${origin}${ENDPOINTS.apiMe}`, headers: { Authorization: `Bearer ${token}` } },
          response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"sub":"alice","name":"Alice Liddell"}' },
        },
      ],
      origin,
    );
    expect(entries[0]!.title).toBe(`GET ${ENDPOINTS.authorize}?response_type=code&client_id=web-app&state=xyz`);
    expect(entries[0]!.parties).toBe('Browser → Authorization server');
    expect(entries[0]!.channel).toBe('front');
    expect(entries[0]!.request!.query.map((q) => q.name)).toEqual(['response_type', 'client_id', 'state']);
    expect(entries[0]!.hasSecrets).toBe(false);
    expect(entries[1]!.title).toBe(`GET ${ENDPOINTS.apiMe}`);
    expect(entries[1]!.parties).toBe('Client app (back channel) → Resource server');
    expect(entries[1]!.request!.headers[0]!.masked).toBe('Bearer ••••••••');
    expect(entries[1]!.jwts.map((j) => j.where)).toEqual(['Authorization: Bearer']);
    expect(entries.map((e) => e.key)).toEqual(['server-exchange-2', 'client-exchange-3']);
  });

  it('labels the servers’ exchanges as served by the Service Worker in the static build, never the client app’s pages', () => {
    const exchange = (server: 'authserver' | 'resource' | 'client') =>
      ({ type: 'exchange', seq: 1, at: 0, server, channel: 'back', request: { method: 'GET', url: '/', headers: {} }, response: { status: 200, headers: {} } }) as const;
    expect(partiesOf(exchange('authserver'), 'Client app', 'the Service Worker')).toBe('Client app (back channel) → Authorization server, served by the Service Worker');
    expect(partiesOf(exchange('resource'), 'Client app', 'the Service Worker')).toBe('Client app (back channel) → Resource server, served by the Service Worker');
    expect(partiesOf(exchange('client'), 'Client app', 'the Service Worker')).toBe('Client app (back channel) → Client app');
  });

  it('masks secrets in the query of the title (a token in a redirect)', () => {
    const [entry] = inspectorEntries(
      [
        {
          type: 'exchange',
          seq: 1,
          at: 0,
          server: 'client',
          recordedBy: 'client',
          stepId: 'callback',
          request: { method: 'GET', url: `${CLIENT_PAGES.callback}?access_token=leak&state=s`, headers: {} },
          response: { status: 200, headers: {} },
        },
      ],
      origin,
    );
    expect(entry!.title).toBe(`GET ${CLIENT_PAGES.callback}?access_token=••••••••&state=s`);
    expect(entry!.parties).toBe('Browser → Client app');
    expect(entry!.request!.query[0]).toEqual({ name: 'access_token', value: 'leak', masked: '••••••••' });
  });

  it('cuts long HTML bodies short', () => {
    const body = bodyForDisplay(`<html>${'x'.repeat(5000)}</html>`, 'text/html; charset=utf-8');
    expect(body!.text).toMatch(/… \(1013 more characters\)$/);
    expect(body!.masked).toBeNull();
  });
});

describe('Inspector entries for checks', () => {
  it('title is the check name and ✓; verdict, inputs and RFC link are shown', () => {
    const [entry] = inspectorEntries(
      [
        {
          type: 'check',
          seq: 4,
          at: 0,
          actor: 'client',
          name: 'state matches',
          inputs: { expected: 'abc', received: 'abc' },
          verdict: 'pass',
          detail: 'Same state.',
          rfc: 'RFC 6749 §10.12',
          recordedBy: 'client',
          stepId: 'check-state',
        },
      ],
      origin,
    );
    expect(entry!.title).toBe('state matches ✓');
    expect(entry!.verdict).toBe('pass');
    expect(verdictText(entry!.verdict!)).toBe('passed');
    expect(entry!.parties).toBe('Checked by the client app');
    expect(entry!.inputs).toEqual([
      { name: 'expected', value: 'abc', masked: null },
      { name: 'received', value: 'abc', masked: null },
    ]);
    expect(entry!.rfcUrl).toBe('https://www.rfc-editor.org/rfc/rfc6749#section-10.12');
    expect(entry!.curl).toBeNull();
  });

  it('a failed check reads ✗ and failed; annotated inputs keep their note; secret inputs are masked', async () => {
    const token = await accessToken();
    const [entry] = inspectorEntries(
      [
        {
          type: 'check',
          seq: 5,
          at: 0,
          actor: 'authserver',
          name: 'code unused',
          inputs: { state: { value: 'xyz', why: 'CSRF protection' }, access_token: token, used_at: 12 },
          verdict: 'fail',
          recordedBy: 'server',
          stepId: 'verify-code',
        },
      ],
      origin,
    );
    expect(entry!.title).toBe('code unused ✗');
    expect(verdictText(entry!.verdict!)).toBe('failed');
    expect(entry!.parties).toBe('Checked by the authorization server');
    expect(entry!.inputs[0]).toEqual({ name: 'state', value: 'xyz', masked: null, note: 'CSRF protection' });
    expect(entry!.inputs[1]!.masked).toBe('••••••••');
    expect(entry!.inputs[2]!.value).toBe('12');
    expect(entry!.hasSecrets).toBe(true);
    expect(JSON.parse(entry!.jwts[0]!.payload).sub).toBe('alice');
  });
});

describe('Inspector helpers', () => {
  it('copy as curl replays the request with its headers and body, quoted for the shell', async () => {
    const event = tokenExchange(await accessToken());
    if (event.type !== 'exchange') throw new Error('fixture');
    event.request.body = "grant_type=authorization_code&code=it's";
    expect(curlCommand(event, origin)).toBe(
      [
        'curl -i',
        '-X POST',
        `'${origin}${ENDPOINTS.token}'`,
        `-H 'authorization: Basic d2ViLWFwcDp3ZWItYXBwLXNlY3JldA=='`,
        `-H 'content-type: application/x-www-form-urlencoded'`,
        `--data-raw 'grant_type=authorization_code&code=it'\\''s'`,
      ].join(' \\\n  '),
    );
  });

  it('a GET with a relative URL becomes an absolute one, without -X', () => {
    expect(
      curlCommand(
        { type: 'exchange', seq: 1, at: 0, server: 'resource', request: { method: 'GET', url: ENDPOINTS.apiMe, headers: { host: 'x' } }, response: { status: 401, headers: {} } },
        origin,
      ),
    ).toBe(`curl -i \\\n  '${origin}${ENDPOINTS.apiMe}'`);
  });

  it('copy as curl sends the learner cookie to this site only, so the server finds the learner’s codes and tokens', () => {
    const toSite: ExchangeEvent = { type: 'exchange', seq: 1, at: 0, server: 'resource', request: { method: 'GET', url: ENDPOINTS.apiMe, headers: {} }, response: { status: 200, headers: {} } };
    expect(curlCommand(toSite, origin, 'learner-1234')).toBe(`curl -i \\\n  '${origin}${ENDPOINTS.apiMe}' \\\n  -b 'osl_learner=learner-1234'`);
    const elsewhere: ExchangeEvent = { ...toSite, request: { ...toSite.request, url: `http://127.0.0.1:9${CLIENT_PAGES.nativeCallback}` } };
    expect(curlCommand(elsewhere, origin, 'learner-1234')).not.toContain('osl_learner');
  });

  it('names the flow’s own client as the sender of back-channel requests', () => {
    const poll: ExchangeEvent = { type: 'exchange', seq: 1, at: 0, server: 'authserver', channel: 'back', request: { method: 'POST', url: ENDPOINTS.token, headers: {} }, response: { status: 400, headers: {} } };
    expect(partiesOf(poll, 'Device (TV)')).toBe('Device (TV) (back channel) → Authorization server');
    expect(partiesOf(poll)).toBe('Client app (back channel) → Authorization server');
    const [entry] = inspectorEntries([{ ...poll, stepId: 'poll-token', recordedBy: 'client' }], origin, { clientLabel: 'Device (TV)' });
    expect(entry!.parties).toBe('Device (TV) (back channel) → Authorization server');
  });

  it('decodes only real JWTs', () => {
    expect(decodeJwtForDisplay('x', 'not.a.jwt')).toBeNull();
    expect(decodeJwtForDisplay('x', 'opaque-refresh-token')).toBeNull();
  });

  it('links RFC citations to the section', () => {
    expect(rfcUrl('RFC 9207 §2.4')).toBe('https://www.rfc-editor.org/rfc/rfc9207#section-2.4');
    expect(rfcUrl('RFC 6750')).toBe('https://www.rfc-editor.org/rfc/rfc6750');
    expect(rfcUrl('OAuth 2.1')).toBeNull();
  });

  it('shows epoch seconds as UTC', () => {
    expect(readableTime(0)).toBe('1970-01-01 00:00:00 UTC');
  });
});
