import { recordCheck, type RequestContext } from '../context';
import { OAuthError } from '../errors';
import { RESOURCES, resourceIdentifier, type ResourceName } from '../seed';

/** @see RFC 8707 §2 */
const invalidTarget = (description: string) => new OAuthError('invalid_target', description);

/** Every resource identifier this server issues tokens for. */
export function knownResources(issuer: string): string[] {
  return (Object.keys(RESOURCES) as ResourceName[]).map((name) => resourceIdentifier(issuer, name));
}

/**
 * The `resource` the client asks tokens for: an absolute URI without a fragment, naming one of
 * this server's resources. This server issues each token for one audience, so several different
 * values are refused too. `allowed`, when given, is what the authorization already covers (the
 * token request may only narrow it). Omitted means the grant's resource, or the lab's API.
 * @see RFC 8707 §2 (invalid_target), §2.1 (authorization request), §2.2 (token request)
 */
export function checkResourceIndicator(ctx: RequestContext, values: readonly string[], allowed?: string): string | undefined {
  const requested = [...new Set(values)];
  if (requested.length === 0) return allowed;
  const known = knownResources(ctx.issuer);
  const fail = (detail: string, description: string): never => {
    recordCheck(ctx, { name: 'resource is known', rfc: 'RFC 8707 §2', inputs: { resource: requested, known, ...(allowed ? { authorized: allowed } : {}) }, pass: false, detail });
    throw invalidTarget(description);
  };
  if (requested.length > 1) fail('This server issues each token for a single resource; ask for one at a time.', 'ask for one resource per request');
  const resource = requested[0]!;
  let url: URL | undefined;
  try {
    url = new URL(resource);
  } catch {
    url = undefined;
  }
  if (!url || resource.includes('#')) fail('A resource indicator is an absolute URI with no fragment.', 'resource must be an absolute URI without a fragment');
  if (!known.includes(resource)) fail('This server protects no resource with this identifier.', 'this resource is unknown to this server');
  if (allowed !== undefined && resource !== allowed) fail(`The authorization was for ${allowed}; a token request cannot widen it.`, 'the resource was not part of the authorization');
  recordCheck(ctx, {
    name: 'resource is known',
    rfc: 'RFC 8707 §2',
    inputs: { resource, known },
    pass: true,
    detail: `The access token will be for ${resource} only: its aud says so, and any other resource refuses it.`,
  });
  return resource;
}
