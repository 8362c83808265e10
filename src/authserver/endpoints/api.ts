import { checkTokenScope } from '../checks/scope';
import { recordCheck, type RequestContext } from '../context';
import { errorBody, OAuthError, REALM, toOAuthError } from '../errors';
import { json } from '../http';
import { findUser, PHOTOS } from '../seed';
import { verifyAccessToken, type AccessTokenClaims } from '../tokens';

/** @see RFC 6750 §2.1: `Authorization: Bearer <b64token>` */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '')}"`;
}

/**
 * The resource server's answer to a bad or missing token: a `WWW-Authenticate: Bearer` challenge.
 * No token at all gets the challenge without an error code. @see RFC 6750 §3, §3.1
 */
function challenge(err: OAuthError | undefined, scope?: string): Response {
  if (!err) {
    return json({ error_description: 'send an access token: Authorization: Bearer <token>' }, 401, {
      'WWW-Authenticate': `Bearer realm=${quote(REALM)}`,
    });
  }
  const parts = [`realm=${quote(REALM)}`, `error=${quote(err.error)}`, `error_description=${quote(err.error_description)}`];
  if (scope) parts.push(`scope=${quote(scope)}`);
  return json(errorBody(err), err.status, { 'WWW-Authenticate': `Bearer ${parts.join(', ')}` });
}

/** Wraps an API handler with bearer-token validation and a scope check. */
function protectedResource(requiredScope: string, render: (claims: AccessTokenClaims) => unknown) {
  return async (ctx: RequestContext): Promise<Response> => {
    const header = ctx.request.headers.get('authorization');
    if (header === null) {
      recordCheck(ctx, {
        name: 'access token present',
        rfc: 'RFC 6750 §3.1',
        actor: 'resource',
        inputs: { authorization: null },
        pass: false,
        detail: 'The request carries no access token.',
      });
      return challenge(undefined);
    }
    const match = BEARER.exec(header);
    if (!match) {
      return challenge(new OAuthError('invalid_request', 'the Authorization header must be "Bearer <token>"'));
    }
    try {
      const claims = await verifyAccessToken(ctx, match[1]!, 'resource');
      checkTokenScope(ctx, claims.scope, requiredScope);
      return json(render(claims), 200, { 'Cache-Control': 'no-store' });
    } catch (err) {
      return challenge(toOAuthError(err), requiredScope);
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
