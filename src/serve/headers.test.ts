import { describe, expect, it } from 'vitest';
import { CLIENT_PAGES, ENDPOINTS } from '../authserver/paths';
import { referrerPolicy, securityHeaders } from './headers';
import { cacheControl } from './site-server';

const local = { origins: ['http://localhost:4321', 'http://127.0.0.1:4321'] };

describe('security headers', () => {
  it('sends nosniff and frame-ancestors limited to the site’s own origins on every response', () => {
    const headers = securityHeaders('/', local);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-security-policy']).toBe(
      "frame-ancestors 'self' http://localhost:4321 http://127.0.0.1:4321; object-src 'none'; base-uri 'self'",
    );
  });

  it('sends no Referer from pages that show codes or tokens (RFC 6749 §10.6)', () => {
    for (const path of [CLIENT_PAGES.callback, CLIENT_PAGES.nativeCallback, '/flows/pkce/', ENDPOINTS.authorize, ENDPOINTS.deviceVerification, ENDPOINTS.token]) {
      expect(`${path} ${referrerPolicy(path)}`).toBe(`${path} no-referrer`);
    }
    for (const path of ['/', '/guides/state/', '/server/', '/_astro/app.js']) {
      expect(`${path} ${referrerPolicy(path)}`).toBe(`${path} strict-origin-when-cross-origin`);
    }
  });

  it('sends HSTS only when the site is served over https (RFC 6797 §7.2)', () => {
    expect(securityHeaders('/', local)['strict-transport-security']).toBeUndefined();
    expect(securityHeaders('/', { origins: ['https://lab.example.org'] })['strict-transport-security']).toBe('max-age=31536000');
  });

  it('caches hashed build files for a year and revalidates everything else', () => {
    expect(cacheControl('/_astro/Walkthrough.DE12yL8C.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('/flows/pkce/index.html')).toBe('no-cache');
    expect(cacheControl('/pagefind/pagefind.js')).toBe('no-cache');
  });
});
