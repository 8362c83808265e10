/**
 * Where each endpoint of the lab server lives. The route table (`index.ts`), the pages, the
 * walk-through, the benchmark and the tests all import these; nobody retypes a path.
 * A leaf module with no imports, so the browser's walk-through chunk can use it without pulling in the server.
 */

/**
 * The site's base path, from Astro's `base` without its trailing slash: `/oauth-lab` when the static
 * site is built for a sub-path (`BASE_PATH=/oauth-lab/ npm run build:static`), `''` at the root and
 * wherever Astro does not build the code (the Node server, the Service Worker, the tests).
 * The pages and the walk-through see every path below with it in front (`sitePaths`), so they reach
 * the server wherever the site is published; the server itself matches them below its own `basePath`.
 */
export const SITE_BASE: string = (import.meta.env?.BASE_URL ?? '/').replace(/\/$/, '');

/** The paths with the site's base in front: the one place where the base is added. */
function sitePaths<const T extends Record<string, string>>(paths: T): { readonly [K in keyof T]: string } {
  return Object.fromEntries(Object.entries(paths).map(([name, path]) => [name, `${SITE_BASE}${path}`])) as { [K in keyof T]: string };
}

export const ENDPOINTS = sitePaths({
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
  /** @see OpenID Connect Core 1.0 §5.3 */
  userinfo: '/oauth/userinfo',
  /** Pushed authorization requests. @see RFC 9126 §2 */
  par: '/oauth/par',
  /** Dynamic client registration. @see RFC 7591 §3 */
  register: '/oauth/register',
  /** The MCP-style resource: JSON-RPC 2.0 over HTTP POST, protected by audience-restricted tokens. */
  mcp: '/mcp',
  /**
   * Protected resource metadata of the lab's API and of the MCP resource: the well-known prefix followed
   * by the resource identifier's path. @see RFC 9728 §3.1
   */
  protectedResourceMetadataApi: '/.well-known/oauth-protected-resource/api',
  protectedResourceMetadataMcp: '/.well-known/oauth-protected-resource/mcp',
  /** The protected resources of the lab's API. @see RFC 6750 */
  apiMe: '/api/me',
  apiPhotos: '/api/photos',
  /** Lab controls, not part of any lesson: the learner's trace, clock and reset (`{ "seed": "<word>" }` starts a seeded run). */
  labTrace: '/oauth/lab/trace',
  labClock: '/oauth/lab/clock',
  labReset: '/oauth/lab/reset',
  /** The learner's lab switches (attack lessons): `GET` all, `POST {"<id>": "on" | "off"}`. See `lab-switches.ts`. */
  labSwitches: '/oauth/lab/switches',
  /** `POST` → a frame ticket naming the learner where a cross-site frame sends no cookie. See `frame-tickets.ts`. */
  labFrameTicket: '/oauth/lab/frame-ticket',
  /** Classes (follow the instructor): start one, read one, its event stream, the instructor's commands, answers. */
  labClasses: '/oauth/lab/classes',
  labClass: '/oauth/lab/class',
  labClassEvents: '/oauth/lab/class/events',
  labClassInstructor: '/oauth/lab/class/instructor',
  labClassAnswer: '/oauth/lab/class/answer',
});

export type EndpointName = keyof typeof ENDPOINTS;

/** The client app's pages the lab serves (its redirect endpoints). */
export const CLIENT_PAGES = sitePaths({
  callback: '/lab/callback',
  nativeCallback: '/lab/native-callback',
  /** Photo Widget's redirect endpoint: a callback page that loads a third-party script (the implicit token leak lesson). */
  widgetCallback: '/lab/widget-callback',
});

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
 * Where the attacker's side stands when it cannot have an origin of its own (the static site: one
 * origin, one Service Worker): this path below the site's base plays the attacker's origin, and
 * `ATTACKER_PAGES` and `ATTACKER_AS` are below it. `attacker/origin.ts` decides which applies.
 */
export const ATTACKER_SITE_PATH = '/attacker-site';

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

/** Where a learner types a class code (`?code=` fills it in). */
export const JOIN_PAGE = '/join/';

/** The fragment that scrolls the consent page to its Approve and Deny buttons (the clickjacking decoy frames it so). */
export const CONSENT_DECISION_FRAGMENT = '#decision';
