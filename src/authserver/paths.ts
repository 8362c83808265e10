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
  /** Lab controls, not part of any lesson: the learner's trace, clock and reset. */
  labTrace: '/oauth/lab/trace',
  labClock: '/oauth/lab/clock',
  labReset: '/oauth/lab/reset',
  /** The learner's lab switches (attack lessons): `GET` all, `POST {"<id>": "on" | "off"}`. See `lab-switches.ts`. */
  labSwitches: '/oauth/lab/switches',
  /** `POST` → a frame ticket naming the learner where a cross-site frame sends no cookie. See `frame-tickets.ts`. */
  labFrameTicket: '/oauth/lab/frame-ticket',
} as const;

export type EndpointName = keyof typeof ENDPOINTS;

/** The client app's pages the lab serves (its redirect endpoints). */
export const CLIENT_PAGES = {
  callback: '/lab/callback',
  nativeCallback: '/lab/native-callback',
} as const;

/**
 * The attacker's pages (attack lessons), answered only on the attacker's origin (`attacker/origin.ts`).
 * @see RFC 9700 §4 (the attacks they stand in for)
 */
export const ATTACKER_PAGES = {
  /** Shows (and reports to the lab's page) whatever arrives in its URL, fragment included, and the Referer. */
  catch: '/attacker/catch',
  /** Frames the lab's consent page invisibly under a decoy button (`?target=<authorization URL>`). @see RFC 9700 §4.16 */
  decoy: '/attacker/decoy',
  /** A third-party script a page includes, which reads that page's URL (a token in its fragment). @see RFC 9700 §4.3.2 */
  script: '/attacker/script.js',
} as const;

/**
 * The attacker's own authorization server for the mix-up lesson: a second instance of this server under
 * the issuer `<attacker origin>/attacker-as`, with its own keys and store. @see RFC 9207; RFC 9700 §4.4
 */
export const ATTACKER_AS = {
  /** The issuer's path; the instance's endpoints are `ENDPOINTS` under it. */
  base: '/attacker-as',
  /** Its discovery document, where RFC 8414 §3.1 puts it for an issuer with a path. */
  metadata: '/.well-known/oauth-authorization-server/attacker-as',
} as const;
