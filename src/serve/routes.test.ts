import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../authserver/paths';
import { AUTHSERVER_PREFIXES, route } from './routes';

describe('routing of the site’s Node server', () => {
  it('sends every endpoint of the OAuth server straight to its handler', () => {
    expect([...AUTHSERVER_PREFIXES].sort()).toEqual(['/.well-known/', '/api/', '/mcp/', '/oauth/']);
    for (const path of Object.values(ENDPOINTS)) expect(route('POST', path)).toEqual({ kind: 'authserver', pathname: path });
    expect(route('GET', '/oauth/lab/trace?after=3')).toEqual({ kind: 'authserver', pathname: '/oauth/lab/trace' });
  });

  it('sends pages and static files to the site, GET and HEAD only', () => {
    expect(route('GET', '/flows/pkce/')).toEqual({ kind: 'site', pathname: '/flows/pkce/' });
    expect(route('HEAD', '/_astro/app.js')).toEqual({ kind: 'site', pathname: '/_astro/app.js' });
    expect(route('POST', '/server/')).toEqual({ kind: 'error', status: 405, allow: ['GET', 'HEAD'] });
  });

  it('answers TRACE and other unsupported methods with 405 everywhere (RFC 9110 §15.5.6)', () => {
    for (const path of ['/', '/_astro/app.js', ENDPOINTS.token]) {
      for (const method of ['TRACE', 'PUT', 'DELETE', 'CONNECT', 'PATCH']) expect(route(method, path)).toMatchObject({ kind: 'error', status: 405 });
    }
    expect(route('TRACE', ENDPOINTS.token)).toEqual({ kind: 'error', status: 405, allow: ['GET', 'HEAD', 'POST', 'OPTIONS'] });
  });

  it('turns off Astro’s unused built-in endpoints', () => {
    expect(route('GET', '/_image?href=/favicon.svg')).toEqual({ kind: 'error', status: 404 });
    expect(route('POST', '/_actions/x')).toEqual({ kind: 'error', status: 404 });
  });

  it('serves only the origin form of the request target: no other host, no asterisk (RFC 9112 §3.2)', () => {
    expect(route('GET', 'http://evil.example/oauth/token')).toEqual({ kind: 'error', status: 400 });
    expect(route('OPTIONS', '*')).toEqual({ kind: 'error', status: 400 });
    // A target starting with // is a path on this site, not a host.
    expect(route('GET', '//evil.example/oauth/jwks')).toEqual({ kind: 'site', pathname: '//evil.example/oauth/jwks' });
  });
});
