/**
 * Seeded demo data: the clients, users, scopes and grant types every lesson uses.
 * Redirect URIs written as paths are resolved against the request's origin.
 * It imports only the path table (itself a leaf), so the browser's walk-through chunk can use it
 * without pulling in the server.
 */
import { ATTACKER_PAGES, CLIENT_PAGES, ENDPOINTS } from './paths';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';
export const GRANT_CLIENT_CREDENTIALS = 'client_credentials';
/** @see RFC 8628 §3.4 */
export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
/** No token request: the authorization endpoint issues the token. @see RFC 6749 §4.2 */
export const GRANT_IMPLICIT = 'implicit';

export interface DemoClient {
  client_id: string;
  client_name: string;
  /** One line for the /server/ page. */
  description: string;
  /** @see RFC 6749 §2.1 */
  client_type: 'confidential' | 'public';
  /**
   * `native` apps may use loopback redirects on any port; `web` clients get exact matching only.
   * @see OpenID Connect Dynamic Client Registration §2 (application_type); RFC 8252 §7.3; RFC 9700 §2.1
   */
  application_type: 'native' | 'web';
  client_secret?: string;
  redirect_uris: readonly string[];
  grant_types: readonly string[];
  response_types: readonly ('code' | 'token')[];
  token_endpoint_auth_methods: readonly ClientAuthMethod[];
  /** Scopes this client may ask for; also the default when a request omits `scope`. */
  scopes: readonly string[];
  /** PKCE is required for public clients. @see RFC 9700 §2.1.1 */
  require_pkce: boolean;
  /** The client must push its authorization requests first. @see RFC 9126 §6 */
  require_pushed_authorization_requests?: boolean;
  /** The client's access tokens must be bound to a DPoP key. @see RFC 9449 §5.2 */
  dpop_bound_access_tokens?: boolean;
}

/** A demo user, with the OpenID Connect standard claims UserInfo and ID tokens release. @see OpenID Connect Core 1.0 §5.1 */
export interface DemoUser {
  username: string;
  password: string;
  name: string;
  given_name: string;
  family_name: string;
  email: string;
  email_verified: boolean;
}

/** What each scope lets an app do, as shown on the consent page. */
export const SCOPES: Record<string, string> = {
  /** Asks for an ID token: this is a sign-in. @see OpenID Connect Core 1.0 §3.1.2.1 */
  openid: 'Sign you in with your account',
  profile: 'See your name and email address',
  'photos.read': 'View your photos',
  'photos.write': 'Upload and edit your photos',
  /** @see OpenID Connect Core 1.0 §5.4 */
  email: 'See your email address and whether it is verified',
};

/** The scope that makes an authorization request an OpenID Connect one. @see OpenID Connect Core 1.0 §3.1.2.1 */
export const SCOPE_OPENID = 'openid';

/** What every client states for itself; the factories below fill in the rest of its kind. */
type ClientBasics = Pick<DemoClient, 'client_id' | 'client_name' | 'description' | 'scopes'> & Partial<DemoClient>;

/**
 * A confidential web app (RFC 6749 §2.1): it keeps a secret, `<client_id>-secret`, sends it by Basic auth
 * or in the body (RFC 6749 §2.3.1), and redeems codes at the lab's callback and refreshes.
 */
function confidentialClient(client: ClientBasics): DemoClient {
  return {
    client_type: 'confidential',
    application_type: 'web',
    client_secret: `${client.client_id}-secret`,
    redirect_uris: [CLIENT_PAGES.callback],
    grant_types: [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN],
    response_types: ['code'],
    token_endpoint_auth_methods: ['client_secret_basic', 'client_secret_post'],
    require_pkce: false,
    ...client,
  };
}

/**
 * A public client (RFC 6749 §2.1): no secret, so it authenticates with nothing but its client_id and must
 * use PKCE (RFC 9700 §2.1.1); by default a browser app redeeming codes at the lab's callback and refreshing.
 */
function publicClient(client: ClientBasics): DemoClient {
  return {
    client_type: 'public',
    application_type: 'web',
    redirect_uris: [CLIENT_PAGES.callback],
    grant_types: [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN],
    response_types: ['code'],
    token_endpoint_auth_methods: ['none'],
    require_pkce: true,
    ...client,
  };
}

export const CLIENTS: readonly DemoClient[] = [
  confidentialClient({
    client_id: 'web-app',
    client_name: 'Photo Print Shop (web app)',
    description: 'Confidential web application whose server keeps a secret.',
    scopes: ['profile', 'photos.read', 'photos.write'],
  }),
  publicClient({
    client_id: 'spa',
    client_name: 'Photo Gallery (single-page app)',
    description: 'Public browser app: no secret, PKCE required.',
    scopes: ['profile', 'photos.read'],
  }),
  publicClient({
    client_id: 'native-app',
    client_name: 'Photo Backup (native app)',
    description: 'Public native app: custom-scheme, loopback and claimed https redirects, PKCE required.',
    application_type: 'native',
    // The last is the site's own address, standing for the app's claimed "https" URL: the static site's
    // walk-through uses it, since nothing there can listen on a loopback port.
    // @see RFC 8252 §7.1 (private-use scheme), §7.3 (loopback, any port), §7.2 (claimed https, matched exactly)
    redirect_uris: ['com.example.nativeapp:/callback', `http://127.0.0.1${CLIENT_PAGES.nativeCallback}`, CLIENT_PAGES.nativeCallback],
    scopes: ['profile', 'photos.read'],
  }),
  publicClient({
    client_id: 'tv-device',
    client_name: 'Photo Frame TV (device)',
    description: 'Input-constrained device using the device authorization grant.',
    application_type: 'native',
    redirect_uris: [],
    grant_types: [GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN],
    response_types: [],
    scopes: ['profile', 'photos.read'],
    require_pkce: false,
  }),
  confidentialClient({
    client_id: 'reporting-service',
    client_name: 'Usage Reporting (service)',
    description: 'Confidential machine client using client credentials, no user involved.',
    redirect_uris: [],
    grant_types: [GRANT_CLIENT_CREDENTIALS],
    response_types: [],
    scopes: ['photos.read'],
  }),
  publicClient({
    client_id: 'legacy-implicit',
    client_name: 'Old Photo Widget (legacy implicit)',
    description: 'Legacy browser app registered for the implicit grant, kept only for the implicit lesson.',
    grant_types: [GRANT_IMPLICIT],
    response_types: ['token'],
    scopes: ['profile', 'photos.read'],
    require_pkce: false,
  }),
  confidentialClient({
    client_id: 'oidc-web-app',
    client_name: 'Photo Club (sign in with the lab)',
    description: 'Confidential web application that signs users in with OpenID Connect.',
    scopes: ['openid', 'profile', 'email', 'photos.read'],
    require_pkce: true,
  }),
  confidentialClient({
    client_id: 'par-app',
    client_name: 'Photo Bank (pushed requests only)',
    description: 'Confidential web application that must push its authorization requests (PAR).',
    scopes: ['openid', 'profile', 'photos.read'],
    require_pkce: true,
    require_pushed_authorization_requests: true,
  }),
  publicClient({
    client_id: 'dpop-spa',
    client_name: 'Photo Editor (DPoP-bound tokens)',
    description: 'Public browser app whose tokens are bound to a key it holds (DPoP), PKCE required.',
    scopes: ['openid', 'profile', 'photos.read', 'photos.write'],
    dpop_bound_access_tokens: true,
  }),
  // Attack lessons (/attacks/): a client whose loose registration a lax matcher lets the attacker extend.
  publicClient({
    client_id: 'share-app',
    client_name: 'Photo Share (wildcard redirect)',
    description: 'Public browser app that also registered a wildcard redirect URI, for the redirect_uri tampering lesson.',
    // `*` was meant as "any of our hosts"; exact matching (the default) never lets it match anything.
    redirect_uris: [CLIENT_PAGES.callback, `http://*${CLIENT_PAGES.callback}`],
    grant_types: [GRANT_AUTHORIZATION_CODE],
    scopes: ['profile', 'photos.read'],
  }),
  // The implicit token leak lesson: a browser app whose callback page loads a third-party script. It is
  // registered for the implicit grant (the leak) and for code with PKCE (the fix). @see RFC 9700 §2.1.2, §4.2.4
  publicClient({
    client_id: 'photo-widget',
    client_name: 'Photo Widget (third-party script on its callback page)',
    description: 'Public browser app whose callback page loads a script from another origin; registered for the implicit grant and for code with PKCE, for the implicit token leak lesson.',
    redirect_uris: [CLIENT_PAGES.widgetCallback],
    grant_types: [GRANT_IMPLICIT, GRANT_AUTHORIZATION_CODE],
    response_types: ['token', 'code'],
    scopes: ['profile', 'photos.read'],
  }),
  // The attacker's registrations. Nothing stops anyone registering a native app for a custom scheme
  // another app uses, so the operating system may hand the honest app's redirect to this one. @see RFC 8252 §8.1
  publicClient({
    client_id: 'photo-saver',
    client_name: 'Free Photo Saver (the attacker’s native app)',
    description: 'The attacker’s native app, claiming the same custom scheme and loopback redirect as Photo Backup.',
    application_type: 'native',
    redirect_uris: ['com.example.nativeapp:/callback', `http://127.0.0.1${CLIENT_PAGES.nativeCallback}`],
    grant_types: [GRANT_AUTHORIZATION_CODE],
    scopes: ['profile', 'photos.read'],
  }),
  publicClient({
    client_id: 'prize-draw',
    client_name: 'Prize Draw (the attacker’s app)',
    description: 'The attacker’s app, redirecting to the attacker’s page on the other loopback name (clickjacking lesson).',
    application_type: 'native',
    redirect_uris: [`http://127.0.0.1${ATTACKER_PAGES.catch}`],
    grant_types: [GRANT_AUTHORIZATION_CODE],
    scopes: ['profile', 'photos.read'],
  }),
];

/**
 * The protected resources: the lab's API and the MCP-style resource. A resource's identifier is the
 * issuer origin followed by `path` (an absolute URI, no fragment); its metadata is at `metadataPath`.
 * @see RFC 8707 §2, RFC 9728 §2, §3.1
 */
export interface DemoResource {
  resource_name: string;
  path: string;
  metadataPath: string;
  /** The scopes this resource understands. @see RFC 9728 §2 (scopes_supported) */
  scopes: readonly string[];
}

export const RESOURCES = {
  api: {
    resource_name: 'Photo API',
    path: '/api',
    metadataPath: ENDPOINTS.protectedResourceMetadataApi,
    scopes: ['profile', 'photos.read', 'photos.write'],
  },
  mcp: {
    resource_name: 'Photo tools (MCP server)',
    path: ENDPOINTS.mcp,
    metadataPath: ENDPOINTS.protectedResourceMetadataMcp,
    scopes: ['photos.read'],
  },
} as const satisfies Record<string, DemoResource>;

export type ResourceName = keyof typeof RESOURCES;

/** The resource identifier of `resource` on this issuer. @see RFC 8707 §2 */
export function resourceIdentifier(issuer: string, resource: ResourceName): string {
  return `${new URL(issuer).origin}${RESOURCES[resource].path}`;
}

export const USERS: readonly DemoUser[] = [
  {
    username: 'alice',
    password: 'wonderland',
    name: 'Alice Liddell',
    given_name: 'Alice',
    family_name: 'Liddell',
    email: 'alice@example.com',
    email_verified: true,
  },
  {
    username: 'bob',
    password: 'builder',
    name: 'Bob Builder',
    given_name: 'Bob',
    family_name: 'Builder',
    email: 'bob@example.com',
    email_verified: false,
  },
  /** The attacker's own account (attack lessons): real, with photos of its own, like anyone's. */
  {
    username: 'mallory',
    password: 'eavesdropper',
    name: 'Mallory (the attacker)',
    given_name: 'Mallory',
    family_name: 'Attacker',
    email: 'mallory@attacker.example',
    email_verified: true,
  },
];

export interface Photo {
  id: string;
  owner: string;
  title: string;
}

export const PHOTOS: readonly Photo[] = [
  { id: 'p1', owner: 'alice', title: 'White Rabbit in the garden' },
  { id: 'p2', owner: 'alice', title: 'Tea party' },
  { id: 'p3', owner: 'bob', title: 'Scaffolding at sunrise' },
  { id: 'p4', owner: 'mallory', title: 'A free prize draw, honest' },
];

export function findClient(client_id: string | undefined): DemoClient | undefined {
  return CLIENTS.find((client) => client.client_id === client_id);
}

export function findUser(username: string | undefined): DemoUser | undefined {
  return USERS.find((user) => user.username === username);
}
