import type { RequestContext } from '../context';
import { json } from '../http';
import { GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN, SCOPES } from '../seed';

/** The discovery document, listing only what this server really supports. @see RFC 8414 §2, §3 */
export function metadata(issuer: string) {
  const clientAuth = ['client_secret_basic', 'client_secret_post', 'none'];
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/oauth/jwks`,
    scopes_supported: Object.keys(SCOPES),
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, GRANT_CLIENT_CREDENTIALS, GRANT_DEVICE_CODE, 'implicit'],
    token_endpoint_auth_methods_supported: clientAuth,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    revocation_endpoint_auth_methods_supported: clientAuth,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    device_authorization_endpoint: `${issuer}/oauth/device_authorization`,
    code_challenge_methods_supported: ['S256', 'plain'],
    /** @see RFC 9207 §3 */
    authorization_response_iss_parameter_supported: true,
    prompt_values_supported: ['none', 'login', 'consent'],
    service_documentation: `${issuer}/server/`,
  };
}

/** GET /.well-known/oauth-authorization-server (and /.well-known/openid-configuration). */
export async function metadataEndpoint(ctx: RequestContext): Promise<Response> {
  return json(metadata(ctx.issuer), 200, { 'Cache-Control': 'no-cache' });
}

/** GET /oauth/jwks: the public keys that verify access tokens. @see RFC 7517 §5 */
export async function jwksEndpoint(ctx: RequestContext): Promise<Response> {
  return json(ctx.keys.jwks, 200, { 'Cache-Control': 'no-cache', 'Content-Type': 'application/jwk-set+json' });
}
