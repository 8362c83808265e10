/**
 * The grants this server supports: the token endpoint dispatches on this registry and the
 * discovery document lists it, so the two cannot disagree. @see RFC 8414 §2 (grant_types_supported)
 */
import { GRANT_IMPLICIT } from '../seed';
import { authorizationCodeGrant } from './authorization-code';
import { clientCredentialsGrant } from './client-credentials';
import { deviceCodeGrant } from './device-code';
import { refreshTokenGrant } from './refresh-token';
import type { Grant } from './types';

export const GRANTS: ReadonlyMap<string, Grant> = new Map(
  [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant, deviceCodeGrant].map((grant) => [grant.grant_type, grant]),
);

/**
 * Every grant type a client can use here: the token endpoint's grants, plus the implicit grant,
 * which has no token request (the authorization endpoint issues the token). @see RFC 6749 §4.2
 */
export const GRANT_TYPES_SUPPORTED: readonly string[] = [...GRANTS.keys(), GRANT_IMPLICIT];

/** Every parameter a token request may carry; none may be repeated. @see RFC 6749 §3.1 */
export const TOKEN_REQUEST_PARAMETERS: readonly string[] = [
  ...new Set(['grant_type', 'client_id', 'client_secret', ...[...GRANTS.values()].flatMap((grant) => grant.parameters)]),
];
