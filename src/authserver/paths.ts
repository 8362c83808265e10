/**
 * Where each endpoint of the lab server lives. The route table (`index.ts`), the pages, the
 * walk-through, the benchmark and the tests all import these; nobody retypes a path.
 * A leaf module with no imports, so the browser's walk-through chunk can use it without pulling in the server.
 */
export const ENDPOINTS = {
  /** @see RFC 8414 §3 */
  metadata: '/.well-known/oauth-authorization-server',
  /** @see OpenID Connect Discovery 1.0 §4 */
  openidConfiguration: '/.well-known/openid-configuration',
  /** @see RFC 6749 §3.1 */
  authorize: '/oauth/authorize',
  /** @see RFC 6749 §3.2 */
  token: '/oauth/token',
  /** @see RFC 7009 §2 */
  revoke: '/oauth/revoke',
  /** @see RFC 7662 §2 */
  introspect: '/oauth/introspect',
  /** @see RFC 8628 §3.1 */
  deviceAuthorization: '/oauth/device_authorization',
  /** The verification page the user opens on a second device. @see RFC 8628 §3.3 */
  deviceVerification: '/oauth/device',
  /** @see RFC 7517 §5 */
  jwks: '/oauth/jwks',
  /** The protected resources of the lab's API. @see RFC 6750 */
  apiMe: '/api/me',
  apiPhotos: '/api/photos',
  /** Lab controls, not part of any lesson: the learner's trace, clock and reset (`{ "seed": "<word>" }` starts a seeded run). */
  labTrace: '/oauth/lab/trace',
  labClock: '/oauth/lab/clock',
  labReset: '/oauth/lab/reset',
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

/** The client app's pages the lab serves (its redirect endpoints). */
export const CLIENT_PAGES = {
  callback: '/lab/callback',
  nativeCallback: '/lab/native-callback',
} as const;
