import { readBearerToken } from '../checks/bearer-token';
import { checkTokenScope } from '../checks/scope';
import type { RequestContext } from '../context';
import { toOAuthError } from '../errors';
import { json } from '../http';
import { bearerChallengeResponse } from '../responses';
import { findUser, PHOTOS } from '../seed';
import { verifyAccessToken, type AccessTokenClaims } from '../tokens';

/**
 * Wraps an API handler with the resource server's steps: read the bearer token, verify it,
 * check its scope. Any refusal is a `WWW-Authenticate: Bearer` challenge. @see RFC 6750 §2, §3
 */
function protectedResource(requiredScope: string, render: (claims: AccessTokenClaims) => unknown) {
  return async (ctx: RequestContext): Promise<Response> => {
    try {
      const token = readBearerToken(ctx);
      if (token === undefined) return bearerChallengeResponse(undefined);
      const claims = await verifyAccessToken(ctx, token, 'resource');
      checkTokenScope(ctx, claims.scope, requiredScope);
      return json(render(claims), 200, { 'Cache-Control': 'no-store' });
    } catch (err) {
      return bearerChallengeResponse(toOAuthError(err), requiredScope);
    }
  };
}

/** GET /api/me: the signed-in user's profile (scope `profile`). */
export const meEndpoint = protectedResource('profile', (claims) => {
  const user = findUser(claims.sub);
  return user
    ? { sub: user.username, name: user.name, preferred_username: user.username, email: user.email }
    : { sub: claims.sub, client_id: claims.client_id };
});

/** GET /api/photos: the user's photos (scope `photos.read`); a service token sees them all. */
export const photosEndpoint = protectedResource('photos.read', (claims) => ({
  photos: PHOTOS.filter((photo) => !findUser(claims.sub) || photo.owner === claims.sub),
}));
