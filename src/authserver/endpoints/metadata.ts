import { CLAIMS_SUPPORTED } from '../claims';
import { CLIENT_AUTH_METHODS } from '../checks/client-authentication';
import { DPOP_SIGNING_ALGORITHMS } from '../checks/dpop-proof';
import { CODE_CHALLENGE_METHODS } from '../checks/pkce';
import { PROMPT_VALUES } from '../checks/prompt';
import { RESPONSE_MODES, RESPONSE_TYPES } from '../checks/response-type';
import type { RequestContext } from '../context';
import { GRANT_TYPES_SUPPORTED } from '../grants';
import { json } from '../http';
import { ID_TOKEN_ALG } from '../keys';
import { ENDPOINTS } from '../paths';
import { SCOPES } from '../seed';

/** Client authentication with a secret: introspection is for confidential clients only. @see RFC 7662 §2.1 */
const SECRET_AUTH_METHODS = CLIENT_AUTH_METHODS.filter((method) => method !== 'none');

/**
 * The discovery document, listing only what this server really supports: every list is read
 * from the grant registry, the checks and the seed, never written twice. @see RFC 8414 §2, §3
 */
export function metadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}${ENDPOINTS.authorize}`,
    token_endpoint: `${issuer}${ENDPOINTS.token}`,
    jwks_uri: `${issuer}${ENDPOINTS.jwks}`,
    scopes_supported: Object.keys(SCOPES),
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: [...new Set(Object.values(RESPONSE_MODES))],
    grant_types_supported: [...GRANT_TYPES_SUPPORTED],
    token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    revocation_endpoint: `${issuer}${ENDPOINTS.revoke}`,
    revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS],
    introspection_endpoint: `${issuer}${ENDPOINTS.introspect}`,
    introspection_endpoint_auth_methods_supported: SECRET_AUTH_METHODS,
    device_authorization_endpoint: `${issuer}${ENDPOINTS.deviceAuthorization}`,
    code_challenge_methods_supported: [...CODE_CHALLENGE_METHODS],
    /** @see RFC 9207 §3 */
    authorization_response_iss_parameter_supported: true,
    prompt_values_supported: [...PROMPT_VALUES],
    service_documentation: `${issuer}/server/`,
    /** @see OpenID Connect Discovery 1.0 §3 */
    userinfo_endpoint: `${issuer}${ENDPOINTS.userinfo}`,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ID_TOKEN_ALG],
    claims_supported: [...CLAIMS_SUPPORTED],
    /** @see RFC 9126 §5 */
    pushed_authorization_request_endpoint: `${issuer}${ENDPOINTS.par}`,
    require_pushed_authorization_requests: false,
    /** @see RFC 9449 §5.1 */
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGORITHMS],
    /** @see RFC 7591 §3; RFC 8414 §2 */
    registration_endpoint: `${issuer}${ENDPOINTS.register}`,
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
