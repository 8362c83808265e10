/**
 * The toy authorization server: a pure `(Request) => Promise<Response>` handler.
 * This file is the route table; each endpoint lives in `endpoints/`, the dispatch in `server.ts`.
 */
import { withAttacker } from './attacker';
import { servedAttackerSite } from './attacker/origin';
import { meEndpoint, photosEndpoint } from './endpoints/api';
import { authorizeGet, authorizePost } from './endpoints/authorize';
import { deviceAuthorizationEndpoint } from './endpoints/device-authorization';
import { deviceVerificationGet, deviceVerificationPost } from './endpoints/device-verification';
import { introspectionEndpoint } from './endpoints/introspect';
import { labClockGet, labClockPost, labFrameTicket, labReset, labSwitchesGet, labSwitchesPost, labTrace } from './endpoints/lab';
import { jwksEndpoint, metadataEndpoint } from './endpoints/metadata';
import { mcpEndpoint } from './endpoints/mcp';
import { parEndpoint } from './endpoints/par';
import { protectedResourceMetadataEndpoint } from './endpoints/protected-resource';
import { registrationEndpoint } from './endpoints/register';
import { revocationEndpoint } from './endpoints/revoke';
import { tokenEndpoint } from './endpoints/token';
import { userinfoEndpoint } from './endpoints/userinfo';
import { classAnswer, classEvents, classInstruct, classRead, classStart } from './classes/endpoints';
import { configuredOrigins } from './origins';
import { ENDPOINTS } from './paths';
import { providedSitePlatform, type SitePlatform } from './site-platform';
import { answering, backChannel, createServer, frontChannel, lab, type AuthServer, type AuthServerOptions, type RouteTable } from './server';

const ROUTES: RouteTable = {
  [ENDPOINTS.metadata]: backChannel({ GET: metadataEndpoint }),
  [ENDPOINTS.openidConfiguration]: backChannel({ GET: metadataEndpoint }),
  [ENDPOINTS.authorize]: { ...frontChannel({ GET: authorizeGet, POST: authorizePost }), acceptsFrameTicket: true },
  [ENDPOINTS.token]: backChannel({ POST: tokenEndpoint }),
  [ENDPOINTS.revoke]: backChannel({ POST: revocationEndpoint }),
  [ENDPOINTS.introspect]: backChannel({ POST: introspectionEndpoint }),
  [ENDPOINTS.deviceAuthorization]: backChannel({ POST: deviceAuthorizationEndpoint }),
  [ENDPOINTS.deviceVerification]: frontChannel({ GET: deviceVerificationGet, POST: deviceVerificationPost }),
  [ENDPOINTS.jwks]: backChannel({ GET: jwksEndpoint }),
  [ENDPOINTS.par]: backChannel({ POST: parEndpoint }),
  [ENDPOINTS.userinfo]: backChannel({ GET: userinfoEndpoint, POST: userinfoEndpoint }, 'resource'),
  [ENDPOINTS.apiMe]: backChannel({ GET: meEndpoint }, 'resource'),
  [ENDPOINTS.apiPhotos]: backChannel({ GET: photosEndpoint }, 'resource'),
  [ENDPOINTS.register]: backChannel({ POST: registrationEndpoint }),
  [ENDPOINTS.mcp]: backChannel({ POST: mcpEndpoint }, 'resource'),
  // Served by the resources they describe, answering errors in JSON. @see RFC 9728 §3
  [ENDPOINTS.protectedResourceMetadataApi]: { ...backChannel({ GET: protectedResourceMetadataEndpoint('api') }, 'resource'), errors: 'json' },
  [ENDPOINTS.protectedResourceMetadataMcp]: { ...backChannel({ GET: protectedResourceMetadataEndpoint('mcp') }, 'resource'), errors: 'json' },
  [ENDPOINTS.labTrace]: lab({ GET: labTrace }),
  [ENDPOINTS.labClock]: lab({ GET: labClockGet, POST: labClockPost }),
  [ENDPOINTS.labReset]: lab({ POST: labReset }),
  [ENDPOINTS.labSwitches]: lab({ GET: labSwitchesGet, POST: labSwitchesPost }),
  [ENDPOINTS.labFrameTicket]: lab({ POST: labFrameTicket }),
  [ENDPOINTS.labClasses]: lab({ POST: classStart }),
  [ENDPOINTS.labClass]: lab({ GET: classRead }),
  [ENDPOINTS.labClassEvents]: lab({ GET: classEvents }),
  [ENDPOINTS.labClassInstructor]: lab({ POST: classInstruct }),
  [ENDPOINTS.labClassAnswer]: lab({ POST: classAnswer }),
};

export function createAuthServer(options: AuthServerOptions = {}): AuthServer {
  return createServer(ROUTES, options);
}

/**
 * The server the site mounts, answering on the configured origins (`PUBLIC_ORIGIN`, or the loopback
 * origins of `PORT`). One per process: the Node entry and the Astro pages are bundled separately, so
 * the instance is kept on `globalThis` and both see the same store and learners. Its store and signer
 * are the ones the production entry chose (`site-platform.ts`), else the in-memory store and Web Crypto.
 * Created on first use, so a bundle that only needs `createAuthServer` (the static site's Service Worker)
 * never makes one.
 */
const SITE_SERVER = Symbol.for('oauth-sequence-lab.auth-server');
const registry = globalThis as { [SITE_SERVER]?: AuthServer };
const siteServer = (): AuthServer =>
  (registry[SITE_SERVER] ??= createSiteAuthServer(configuredOrigins(process.env), providedSitePlatform()));
export const authServer: AuthServer = {
  ...answering((request, body) => siteServer().answer(request, body)),
  get store() {
    return siteServer().store;
  },
  keys: () => siteServer().keys(),
};

/** The lab's server with the attacker's pages and server (attack lessons) on the attacker's origin. */
export function createSiteAuthServer(origins: readonly string[], { store, signer }: SitePlatform = {}): AuthServer {
  return withAttacker(createAuthServer({ origins, ...(store ? { store } : {}), ...(signer ? { signer } : {}) }), servedAttackerSite(origins));
}

export { CLIENTS, USERS, SCOPES } from './seed';
export { ENDPOINTS, CLIENT_PAGES, ATTACKER_PAGES, ATTACKER_AS } from './paths';
export { checkHost, configuredOrigins, matchOrigin } from './origins';
export { LEARNER_TTL_SECONDS, resolveLearner } from './learners';
export { metadata } from './endpoints/metadata';
export type { Store } from './store/types';
export { DEFAULT_LIMITS, type AuthServer, type AuthServerOptions, type CookieJar } from './server';
