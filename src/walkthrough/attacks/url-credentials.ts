/**
 * What an address gives away to whoever reads it: the access token of the implicit grant in its
 * fragment, the authorization code in its query. Pure, so the implicit token leak lesson's reading of
 * a leaked address (or a Referer, which never has a fragment) is unit-tested.
 * @see RFC 6749 §4.1.2, §4.2.2; RFC 9110 §10.1.3
 */
export interface UrlCredentials {
  access_token?: string;
  code?: string;
}

export function credentialsInUrl(url: string): UrlCredentials {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {};
  }
  const accessToken = new URLSearchParams(parsed.hash.slice(1)).get('access_token');
  const code = parsed.searchParams.get('code');
  return { ...(accessToken ? { access_token: accessToken } : {}), ...(code ? { code } : {}) };
}

/** The address without its fragment: what a request for it carries. @see RFC 9110 §7.1 */
export function withoutFragment(url: string): string {
  return url.split('#')[0]!;
}
