import { authenticateClient } from '../checks/client-authentication';
import { checkDpopProof } from '../checks/dpop-proof';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { recordCheck, type RequestContext } from '../context';
import { invalidRequest, unauthorizedClient, unsupportedGrantType } from '../errors';
import { GRANTS, TOKEN_REQUEST_PARAMETERS } from '../grants';
import { formParams, json, NO_STORE } from '../http';

/**
 * POST /oauth/token, as a list of steps: parse the form, refuse repeated parameters,
 * find the grant, authenticate the client, check it may use the grant, check its DPoP proof
 * (required of a client registered for bound tokens), run the grant.
 * @see RFC 6749 §3.2, §5.1, §5.2; RFC 9449 §5
 */
export async function tokenEndpoint(ctx: RequestContext): Promise<Response> {
  const params = formParams(ctx.request, ctx.bodyText);
  rejectDuplicateParameters(params, TOKEN_REQUEST_PARAMETERS);
  const grant_type = params.require('grant_type');
  const grant = GRANTS.get(grant_type);
  if (!grant) throw unsupportedGrantType('this grant_type is not supported');
  const { client } = await authenticateClient(ctx, params);
  const allowed = client.grant_types.includes(grant_type);
  recordCheck(ctx, {
    name: 'grant type allowed for client',
    rfc: 'RFC 6749 §5.2',
    inputs: { grant_type, registered: client.grant_types },
    pass: allowed,
    detail: allowed ? `${client.client_id} may use ${grant_type}.` : `${client.client_id} is not registered for ${grant_type}.`,
  });
  if (!allowed) throw unauthorizedClient('this client may not use this grant_type');
  const proof = await checkDpopProof(ctx, 'token');
  if (client.dpop_bound_access_tokens) {
    recordCheck(ctx, {
      name: 'DPoP proof present',
      rfc: 'RFC 9449 §5.2',
      inputs: { client_id: client.client_id, dpop_bound_access_tokens: true, dpop: proof !== undefined },
      pass: proof !== undefined,
      detail: proof ? 'This client must bind its tokens to a key, and it sent a proof.' : 'This client must bind its tokens to a key (DPoP), but the request has no DPoP proof.',
    });
    if (!proof) throw invalidRequest('this client must send a DPoP proof');
  }
  return json(await grant.handler(ctx, client, params, { jkt: proof?.jkt }), 200, NO_STORE);
}
