import { describe, expect, it } from 'vitest';
import { CLIENT_PAGES } from '../../authserver/paths';
import { credentialsInUrl, withoutFragment } from './url-credentials';

const page = `http://localhost:4321${CLIENT_PAGES.widgetCallback}`;

describe('what an address gives away', () => {
  it('the implicit grant’s access token, from the fragment', () => {
    expect(credentialsInUrl(`${page}#access_token=eyJ.a.b&token_type=Bearer&state=s`)).toEqual({ access_token: 'eyJ.a.b' });
  });

  it('the authorization code, from the query', () => {
    expect(credentialsInUrl(`${page}?code=abc&state=s&iss=http%3A%2F%2Flocalhost%3A4321`)).toEqual({ code: 'abc' });
  });

  it('nothing from a Referer, which never carries the fragment, or from no address at all', () => {
    expect(credentialsInUrl(withoutFragment(`${page}#access_token=eyJ.a.b`))).toEqual({});
    expect(credentialsInUrl('http://localhost:4321/')).toEqual({});
    expect(credentialsInUrl('')).toEqual({});
    // A parameter named access_token in the query is not the implicit grant's answer.
    expect(credentialsInUrl(`${page}?access_token=x`)).toEqual({});
  });

  it('drops only the fragment', () => {
    expect(withoutFragment(`${page}?code=c#x=1`)).toBe(`${page}?code=c`);
    expect(withoutFragment(page)).toBe(page);
  });
});
