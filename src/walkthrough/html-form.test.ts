import { demoUser } from './demo';
import { CLIENT_PAGES, ENDPOINTS } from '../authserver/paths';
import { describe, expect, it } from 'vitest';
import { loginConsentPage } from '../authserver/html/login-consent';
import { findClient } from '../authserver/seed';
import { consentFormBody, decodeHtmlEntities, readHtmlForm } from './html-form';

const page = () =>
  loginConsentPage({
    basePath: '',
    client: findClient('web-app')!,
    scopes: ['profile', 'photos.read'],
    redirect_uri: `http://lab.test${CLIENT_PAGES.callback}`,
    authorizationRequest: { response_type: 'code', client_id: 'web-app', redirect_uri: `http://lab.test${CLIENT_PAGES.callback}`, scope: 'profile photos.read', state: 'a&b"c' },
    csrf_token: 'form-token',
  });

describe('answering the consent form without a DOM', () => {
  it('reads the server’s form: action, hidden fields (entities decoded), inputs and buttons in order', () => {
    const form = readHtmlForm(page())!;
    expect(form.action).toBe(ENDPOINTS.authorize);
    expect(form.method).toBe('post');
    expect(form.controls.find((c) => c.name === 'state')!.value).toBe('a&b"c');
    expect(form.controls.filter((c) => c.tag === 'button').map((c) => c.value)).toEqual(['approve', 'deny']);
  });

  it('approve posts what a browser would: hidden fields, credentials, ticked scopes and the pressed button', () => {
    const body = consentFormBody(readHtmlForm(page())!, demoUser, 'approve');
    expect([...body]).toEqual([
      ['response_type', 'code'],
      ['client_id', 'web-app'],
      ['redirect_uri', `http://lab.test${CLIENT_PAGES.callback}`],
      ['scope', 'profile photos.read'],
      ['state', 'a&b"c'],
      ['csrf_token', 'form-token'],
      ['username', demoUser.username],
      ['password', demoUser.password],
      ['consent_scope', 'profile'],
      ['consent_scope', 'photos.read'],
      ['decision', 'approve'],
    ]);
  });

  it('deny sends no password and the deny button', () => {
    const body = consentFormBody(readHtmlForm(page())!, demoUser, 'deny');
    expect(body.get('password')).toBe('');
    expect(body.getAll('decision')).toEqual(['deny']);
  });

  it('finds no form where there is none, and decodes numeric and named entities', () => {
    expect(readHtmlForm('<p>nothing</p>')).toBeNull();
    expect(decodeHtmlEntities('&#38;&#x3C;&quot;&amp;&unknown;')).toBe('&<"&&unknown;');
  });
});
