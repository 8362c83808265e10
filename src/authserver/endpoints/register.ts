/**
 * POST /oauth/register: dynamic client registration. A client sends its metadata as JSON and
 * gets a client_id (and a secret when it will authenticate with one). Registered clients live in
 * the learner's own namespace, expire after a day, and each learner may register a bounded number.
 * @see RFC 7591 §2 (metadata), §3.1 (request), §3.2.1 (201 response), §3.2.2 (errors)
 */
import { CLIENT_AUTH_METHODS } from '../checks/client-authentication';
import { registeredRedirectUris } from '../checks/redirect-uri';
import { parseScope } from '../checks/scope';
import { nowMs, nowSeconds, recordCheck, type RequestContext } from '../context';
import { OAuthError } from '../errors';
import { json, mediaType, NO_STORE } from '../http';
import { opaqueToken } from '../random';
import { key } from '../records';
import { GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_REFRESH_TOKEN, SCOPES, type ClientAuthMethod, type DemoClient } from '../seed';

/** How long a registered client lives, and how many one learner may register in that time. */
export const REGISTERED_CLIENT_TTL_SECONDS = 24 * 3600;
export const MAX_REGISTRATIONS_PER_LEARNER = 20;

/** The grant types a registered client may use here (OAuth 2.1: no implicit). */
const REGISTRABLE_GRANT_TYPES = [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, GRANT_CLIENT_CREDENTIALS];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

const invalidMetadata = (description: string) => new OAuthError('invalid_client_metadata', description);
const invalidRedirectUri = (description: string) => new OAuthError('invalid_redirect_uri', description);

interface RegistrationCount {
  count: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A field that must be a string when present. */
function optionalString(metadata: Record<string, unknown>, name: string, maxLength = 200): string | undefined {
  const value = metadata[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > maxLength) throw invalidMetadata(`${name} must be a non-empty string`);
  return value;
}

function optionalStrings(metadata: Record<string, unknown>, name: string): string[] | undefined {
  const value = metadata[name];
  if (value === undefined) return undefined;
  if (!isStringArray(value) || value.length > 10) throw invalidMetadata(`${name} must be an array of at most 10 strings`);
  return value;
}

/**
 * A redirect URI a client may register: absolute, no fragment; for a web client https, or http
 * on a loopback address or this site's own origin; for a native client also a private-use scheme.
 * @see RFC 7591 §2 (redirect_uris), RFC 6749 §3.1.2, RFC 8252 §7.1, §7.3, RFC 9700 §2.1
 */
function acceptableRedirectUri(uri: string, application_type: 'web' | 'native', issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  if (url.hash !== '' || uri.includes('#') || url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return LOOPBACK_HOSTS.has(url.hostname) || url.origin === issuer;
  return application_type === 'native' && /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
}

/** The client as this server keeps it, from the metadata it sent, with the defaults of RFC 7591 §2. */
function registeredClient(ctx: RequestContext, metadata: Record<string, unknown>): DemoClient {
  const application_type = optionalString(metadata, 'application_type') ?? 'web';
  if (application_type !== 'web' && application_type !== 'native') throw invalidMetadata('application_type must be web or native');
  const method = (optionalString(metadata, 'token_endpoint_auth_method') ?? 'client_secret_basic') as ClientAuthMethod;
  if (!CLIENT_AUTH_METHODS.includes(method)) throw invalidMetadata(`token_endpoint_auth_method must be one of ${CLIENT_AUTH_METHODS.join(', ')}`);
  const grant_types = optionalStrings(metadata, 'grant_types') ?? [GRANT_AUTHORIZATION_CODE];
  if (grant_types.length === 0 || grant_types.some((type) => !REGISTRABLE_GRANT_TYPES.includes(type))) {
    throw invalidMetadata(`grant_types may hold only ${REGISTRABLE_GRANT_TYPES.join(', ')}`);
  }
  const response_types = optionalStrings(metadata, 'response_types') ?? (grant_types.includes(GRANT_AUTHORIZATION_CODE) ? ['code'] : []);
  // grant_types and response_types must agree. @see RFC 7591 §2.1
  if (response_types.some((type) => type !== 'code') || response_types.includes('code') !== grant_types.includes(GRANT_AUTHORIZATION_CODE)) {
    throw invalidMetadata('response_types must be ["code"] exactly when grant_types has authorization_code');
  }
  if (method === 'none' && grant_types.includes(GRANT_CLIENT_CREDENTIALS)) throw invalidMetadata('client_credentials needs a client that authenticates');
  const scopeText = optionalString(metadata, 'scope', 1000);
  const scopes = scopeText === undefined ? Object.keys(SCOPES) : parseScope(scopeText);
  if (scopes.length === 0 || scopes.some((scope) => !(scope in SCOPES))) throw invalidMetadata('scope holds a value this server does not know');
  const redirect_uris = optionalStrings(metadata, 'redirect_uris') ?? [];
  const needsRedirect = grant_types.includes(GRANT_AUTHORIZATION_CODE);
  const redirectsOk = (!needsRedirect || redirect_uris.length > 0) && redirect_uris.every((uri) => acceptableRedirectUri(uri, application_type, ctx.issuer));
  recordCheck(ctx, {
    name: 'redirect_uris acceptable',
    rfc: 'RFC 7591 §2',
    inputs: { redirect_uris, application_type },
    pass: redirectsOk,
    detail: redirectsOk
      ? 'Every redirect URI is absolute, has no fragment, and is https (or http on a loopback address or this site).'
      : needsRedirect && redirect_uris.length === 0
        ? 'A client using authorization_code must register at least one redirect URI.'
        : 'A redirect URI must be absolute with no fragment, and https unless it is a loopback address or this site.',
  });
  if (!redirectsOk) throw invalidRedirectUri('each redirect URI must be absolute, without a fragment, and https unless on a loopback address');
  const client_name = optionalString(metadata, 'client_name', 100) ?? 'Registered client';
  return {
    client_id: `dyn-${opaqueToken().slice(0, 22)}`,
    client_name,
    description: 'Registered at the registration endpoint by the learner (RFC 7591).',
    client_type: method === 'none' ? 'public' : 'confidential',
    application_type,
    ...(method === 'none' ? {} : { client_secret: opaqueToken() }),
    redirect_uris,
    grant_types,
    response_types: response_types as 'code'[],
    token_endpoint_auth_methods: [method],
    scopes,
    // Every client registered here uses PKCE. @see RFC 9700 §2.1.1
    require_pkce: true,
  };
}

/** The 201 answer: the client's identifiers and its registered metadata. @see RFC 7591 §3.2.1 */
function registrationResponse(ctx: RequestContext, client: DemoClient) {
  const issued_at = nowSeconds(ctx);
  return {
    client_id: client.client_id,
    client_id_issued_at: issued_at,
    ...(client.client_secret ? { client_secret: client.client_secret, client_secret_expires_at: issued_at + REGISTERED_CLIENT_TTL_SECONDS } : {}),
    client_name: client.client_name,
    redirect_uris: registeredRedirectUris(client, ctx.sitePagesBase),
    grant_types: client.grant_types,
    response_types: client.response_types,
    token_endpoint_auth_method: client.token_endpoint_auth_methods[0],
    application_type: client.application_type,
    scope: client.scopes.join(' '),
  };
}

export async function registrationEndpoint(ctx: RequestContext): Promise<Response> {
  if (mediaType(ctx.request) !== 'application/json') throw invalidMetadata('send the client metadata as application/json');
  let metadata: unknown;
  try {
    metadata = JSON.parse(ctx.bodyText ?? '');
  } catch {
    throw invalidMetadata('the body is not JSON');
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) throw invalidMetadata('the body must be a JSON object');
  const client = registeredClient(ctx, metadata as Record<string, unknown>);
  const counted = (await ctx.store.get<RegistrationCount>(ctx.namespace, key.registrations()))?.count ?? 0;
  if (counted >= MAX_REGISTRATIONS_PER_LEARNER) {
    throw new OAuthError('invalid_request', `at most ${MAX_REGISTRATIONS_PER_LEARNER} clients may be registered per day`, { status: 429 });
  }
  await ctx.store.set<RegistrationCount>(ctx.namespace, key.registrations(), { count: counted + 1 }, REGISTERED_CLIENT_TTL_SECONDS);
  await ctx.store.set(ctx.namespace, key.registeredClient(client.client_id), client, REGISTERED_CLIENT_TTL_SECONDS);
  recordCheck(ctx, {
    name: 'client registered',
    rfc: 'RFC 7591 §3.2.1',
    inputs: { client_id: client.client_id, token_endpoint_auth_method: client.token_endpoint_auth_methods[0], expires_at: new Date(nowMs(ctx) + REGISTERED_CLIENT_TTL_SECONDS * 1000).toISOString() },
    pass: true,
    detail: `${client.client_name} is registered as ${client.client_type === 'public' ? 'a public client (no secret)' : 'a confidential client with a fresh secret'}, for this learner only, for a day.`,
  });
  return json(registrationResponse(ctx, client), 201, NO_STORE);
}
