/** What each parameter of an authorization response means, as the lab's redirect pages explain it. @see RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2 */
export const REDIRECT_PARAM_MEANING: Readonly<Record<string, string>> = {
  code: 'The authorization code: short-lived and single-use. Only the client, with its credentials, can redeem it.',
  state: 'Must equal the value the app stored before redirecting (CSRF protection).',
  iss: 'The issuer that sent this response, so the app can tell servers apart (mix-up protection).',
  error: 'Why there is no code, as an RFC 6749 error code.',
  error_description: 'A human-readable explanation from the server.',
};

/**
 * The Referrer-Policy of the lab's redirect pages: none sends a Referer, so a code cannot leak to another
 * site (RFC 9700 §4.2.4), except Photo Widget's page in the implicit token leak lesson, which keeps the
 * browsers' default until 2020 and 2021: every request it makes, to any origin (unless from https to plain
 * http), carries its full address but the fragment (RFC 9110 §10.1.3).
 */
export const REDIRECT_PAGE_REFERRER_POLICY = { web: 'no-referrer', native: 'no-referrer', widget: 'no-referrer-when-downgrade' } as const;
