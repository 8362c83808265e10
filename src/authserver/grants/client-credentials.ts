import { checkResourceIndicator } from '../checks/resource-indicator';
import { checkRequestedScope } from '../checks/scope';
import { GRANT_CLIENT_CREDENTIALS } from '../seed';
import { createGrant, tokenResponse } from '../tokens';
import type { Grant } from './types';

/**
 * A confidential client gets a token for itself; no user, no refresh token.
 * @see RFC 6749 §4.4, §4.4.3 ("A refresh token SHOULD NOT be included")
 */
export const clientCredentialsGrant: Grant = {
  grant_type: GRANT_CLIENT_CREDENTIALS,
  parameters: ['scope'],
  async handler(ctx, client, params, proof) {
    const scope = checkRequestedScope(ctx, client, params.get('scope')).join(' ');
    const resource = checkResourceIndicator(ctx, params.getAll('resource'));
    const grant = await createGrant(ctx, { client_id: client.client_id, sub: client.client_id, scope, resource });
    return tokenResponse(ctx, grant, scope, false, { jkt: proof.jkt });
  },
};
