/**
 * The toy authorization server: a pure `(Request) => Promise<Response>` handler.
 * This file is the route table; each endpoint lives in `endpoints/`, the dispatch in `server.ts`.
 */
import { meEndpoint, photosEndpoint } from './endpoints/api';
import { authorizeGet, authorizePost } from './endpoints/authorize';
import { deviceAuthorizationEndpoint } from './endpoints/device-authorization';
import { deviceVerificationGet, deviceVerificationPost } from './endpoints/device-verification';
import { introspectionEndpoint } from './endpoints/introspect';
import { labClockGet, labClockPost, labReset, labTrace } from './endpoints/lab';
import { jwksEndpoint, metadataEndpoint } from './endpoints/metadata';
import { revocationEndpoint } from './endpoints/revoke';
import { tokenEndpoint } from './endpoints/token';
import { backChannel, createServer, frontChannel, lab, type AuthServer, type AuthServerOptions, type RouteTable } from './server';

const ROUTES: RouteTable = {
  '/.well-known/oauth-authorization-server': backChannel({ GET: metadataEndpoint }),
  '/.well-known/openid-configuration': backChannel({ GET: metadataEndpoint }),
  '/oauth/authorize': frontChannel({ GET: authorizeGet, POST: authorizePost }),
  '/oauth/token': backChannel({ POST: tokenEndpoint }),
  '/oauth/revoke': backChannel({ POST: revocationEndpoint }),
  '/oauth/introspect': backChannel({ POST: introspectionEndpoint }),
  '/oauth/device_authorization': backChannel({ POST: deviceAuthorizationEndpoint }),
  '/oauth/device': frontChannel({ GET: deviceVerificationGet, POST: deviceVerificationPost }),
  '/oauth/jwks': backChannel({ GET: jwksEndpoint }),
  '/api/me': backChannel({ GET: meEndpoint }, 'resource'),
  '/api/photos': backChannel({ GET: photosEndpoint }, 'resource'),
  '/oauth/lab/trace': lab({ GET: labTrace }),
  '/oauth/lab/clock': lab({ GET: labClockGet, POST: labClockPost }),
  '/oauth/lab/reset': lab({ POST: labReset }),
};

export function createAuthServer(options: AuthServerOptions = {}): AuthServer {
  return createServer(ROUTES, options);
}

/** The server the site's endpoints mount. */
export const authServer = createAuthServer();

export { CLIENTS, USERS, SCOPES } from './seed';
export { metadata } from './endpoints/metadata';
export type { Store } from './store/types';
export { DEFAULT_LIMITS, type AuthServer, type AuthServerOptions } from './server';
