import { DPOP_SIGNING_ALGORITHMS } from '../checks/dpop-proof';
import type { RequestContext } from '../context';
import { json } from '../http';
import { RESOURCES, resourceIdentifier, type ResourceName } from '../seed';

/**
 * What a resource says about itself: its identifier, the authorization server that issues its
 * tokens, the scopes it understands, how tokens are sent and which DPoP algorithms it accepts.
 * @see RFC 9728 §2 (the fields), §3.2 (`resource` is the identifier the document was asked for)
 */
export function protectedResourceMetadata(issuer: string, name: ResourceName) {
  const resource = RESOURCES[name];
  return {
    resource: resourceIdentifier(issuer, name),
    authorization_servers: [issuer],
    scopes_supported: [...resource.scopes],
    bearer_methods_supported: ['header'],
    resource_name: resource.resource_name,
    resource_documentation: `${issuer}/server/`,
    dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGORITHMS],
  };
}

/** GET /.well-known/oauth-protected-resource/<path>: one resource's metadata. @see RFC 9728 §3.1 */
export const protectedResourceMetadataEndpoint = (name: ResourceName) => async (ctx: RequestContext) =>
  json(protectedResourceMetadata(ctx.issuer, name), 200, { 'Cache-Control': 'no-cache' });
