/**
 * The resource server's steps, shared by the lab's API, UserInfo and the MCP resource: read the
 * access token, verify it for this resource's audience, check its scope, then answer. Any refusal
 * is a `WWW-Authenticate` challenge. @see RFC 6750 §2, §3; RFC 8707 §2; RFC 9068 §4
 */
import { readBearerToken } from './checks/bearer-token';
import { checkTokenScope } from './checks/scope';
import type { RequestContext } from './context';
import { toOAuthError } from './errors';
import { bearerChallengeResponse } from './responses';
import { resourceIdentifier, type ResourceName } from './seed';
import { verifyAccessToken, type AccessTokenClaims } from './tokens';

export interface ProtectedResourceOptions {
  /** Which resource this is: tokens must name its identifier in `aud`. */
  resource: ResourceName;
  /** The scope every request needs. */
  scope: string;
}

export function protectedResource(options: ProtectedResourceOptions, answer: (ctx: RequestContext, claims: AccessTokenClaims) => Promise<Response>) {
  return async (ctx: RequestContext): Promise<Response> => {
    try {
      const token = readBearerToken(ctx);
      if (token === undefined) return bearerChallengeResponse(undefined);
      const claims = await verifyAccessToken(ctx, token, 'resource', resourceIdentifier(ctx.issuer, options.resource));
      checkTokenScope(ctx, claims.scope, options.scope);
      return await answer(ctx, claims);
    } catch (err) {
      return bearerChallengeResponse(toOAuthError(err), options.scope);
    }
  };
}
