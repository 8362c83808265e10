import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../src/authserver/errors';
import {
  authorizeUrl,
  basic,
  CALLBACK,
  errorFields,
  get,
  learnerCookie,
  newServer,
  postForm,
  postJson,
  RFC_ERROR_CHARSET,
  webAppAuthorization,
  webAuth,
} from './helpers';

/** Values no error description may carry: non-ASCII, quotes, backslashes, control characters. */
const BAD = ['fü"o', 'a\\b', '"quoted"', 'tab\there', 'nul\u0000', 'del\u007f', 'line\nbreak', '😀', 'ß\\"'];

const server = newServer();

/** What a header can carry of a bad value (HTTP headers refuse NUL, CR, LF and non-Latin-1). */
const inHeader = (bad: string) => bad.replace(/[\u0000\n\r\u0100-\uffff]/g, '');

/** Marks every bad value, so an echo shows even after the error type replaced its characters. */
const MARK = 'ZQX';

/** One request per endpoint and parameter, each with a bad value. */
async function badRequests(raw: string): Promise<Promise<Response>[]> {
  const bad = `${MARK}${raw}`;
  const cookie = await learnerCookie(server);
  const token = (form: Record<string, string>, headers: Record<string, string> = {}) => postForm(server, '/oauth/token', form, { cookie, headers });
  return [
    token({ grant_type: bad }, webAuth),
    token({ grant_type: 'authorization_code', code: bad, redirect_uri: CALLBACK }, webAuth),
    token({ grant_type: 'authorization_code', code: 'x', redirect_uri: bad }, webAuth),
    token({ grant_type: 'authorization_code', code: 'x', code_verifier: bad }, webAuth),
    token({ grant_type: 'refresh_token', refresh_token: bad }, webAuth),
    token({ grant_type: 'client_credentials', scope: bad }, { authorization: basic('reporting-service', 'reporting-service-secret') }),
    token({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: bad, client_id: 'tv-device' }),
    token({ grant_type: 'client_credentials', client_id: bad }),
    token({ grant_type: 'client_credentials', client_id: 'web-app', client_secret: bad }),
    token({ grant_type: 'client_credentials' }, { authorization: basic(bad, bad) }),
    token({ grant_type: 'client_credentials' }, { authorization: `Basic ${inHeader(bad)}` }),
    postForm(server, '/oauth/token', `grant_type=client_credentials&${encodeURIComponent(bad)}=1&${encodeURIComponent(bad)}=2&scope=a&scope=b`, { cookie, headers: webAuth }),
    postForm(server, '/oauth/revoke', { token: bad }, { cookie, headers: { authorization: basic('spa', bad) } }),
    postForm(server, '/oauth/introspect', { token: bad, client_id: 'spa' }, { cookie }),
    postForm(server, '/oauth/device_authorization', { client_id: 'tv-device', scope: bad }, { cookie }),
    postForm(server, '/oauth/device_authorization', { client_id: bad }, { cookie }),
    get(server, authorizeUrl(webAppAuthorization({ response_type: bad })), { cookie }),
    get(server, authorizeUrl(webAppAuthorization({ scope: bad })), { cookie }),
    get(server, authorizeUrl(webAppAuthorization({ code_challenge: bad, code_challenge_method: 'S256' })), { cookie }),
    get(server, authorizeUrl(webAppAuthorization({ code_challenge: 'x'.repeat(43), code_challenge_method: bad })), { cookie }),
    get(server, authorizeUrl(webAppAuthorization({ prompt: bad })), { cookie }),
    get(server, authorizeUrl({ response_type: 'token', client_id: 'legacy-implicit', redirect_uri: CALLBACK, scope: bad, state: bad }), { cookie }),
    get(server, `${authorizeUrl(webAppAuthorization())}&${encodeURIComponent(bad)}=1&state=${encodeURIComponent(bad)}`, { cookie }),
    get(server, '/api/me', { cookie, headers: { authorization: `Bearer ${inHeader(bad)}` } }),
    get(server, '/api/me', { cookie, headers: { authorization: `Token ${inHeader(bad)}` } }),
    get(server, `/api/photos?access_token=${encodeURIComponent(bad)}`, { cookie, headers: { authorization: 'Bearer abc' } }),
    get(server, `/oauth/lab/trace?after=${encodeURIComponent(bad)}`, { cookie }),
    postJson(server, '/oauth/lab/clock', { advance_seconds: bad }, { cookie }),
    postJson(server, '/oauth/lab/clock', bad, { cookie }),
    get(server, `/oauth/${encodeURIComponent(bad)}`, { cookie }),
  ];
}

describe('error and error_description use only the characters of RFC 6749 §5.2', () => {
  it('the error type replaces anything outside the set, whatever a description is built from', () => {
    const error = new OAuthError('invalid_request', 'grant_type "fü"o\\" is not supported\u0000');
    expect(error.error_description).toMatch(RFC_ERROR_CHARSET);
    expect(error.error_description).toBe('grant_type ?f??o?? is not supported?');
    expect(() => new OAuthError('bad "code"', 'x')).toThrow(TypeError);
  });

  it('holds for every endpoint fed non-ASCII, quotes, backslashes and control characters, and never echoes the value', async () => {
    let checked = 0;
    let sent = 0;
    for (const bad of BAD) {
      const responses = await Promise.all(await badRequests(bad));
      sent += responses.length;
      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(300);
        expect(response.status).toBeLessThan(500);
        const fields = await errorFields(response);
        expect(fields.length, `${response.status} ${response.headers.get('location') ?? ''}`).toBeGreaterThan(0);
        for (const field of fields) {
          expect(field).toMatch(RFC_ERROR_CHARSET);
          expect(field).not.toContain(MARK);
        }
        checked += fields.length;
      }
    }
    // Every response names its error and describes it.
    expect(checked).toBeGreaterThanOrEqual(sent * 2);
  });

  it('holds in the WWW-Authenticate challenge of the resource server and of Basic client authentication', async () => {
    const api = await get(server, '/api/me', { headers: { authorization: 'Bearer not-a-jwt' } });
    expect(api.headers.get('www-authenticate')).toMatch(/^Bearer realm="oauth-sequence-lab", error="invalid_token", error_description="[\x20\x21\x23-\x5B\x5D-\x7E]+", scope="profile"$/);
    const client = await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, { headers: { authorization: basic('fü"o', 'x') } });
    expect(client.status).toBe(401);
    expect((await errorFields(client)).every((field) => RFC_ERROR_CHARSET.test(field))).toBe(true);
  });
});
