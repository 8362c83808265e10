import { userClaims } from '../claims';
import { recordCheck } from '../context';
import { invalidToken } from '../errors';
import { json } from '../http';
import { protectedResource } from '../resource-server';
import { findUser, SCOPE_OPENID } from '../seed';

/**
 * GET and POST /oauth/userinfo: the claims about the signed-in user that the token's scope asks
 * for, `sub` always. It is a protected resource of its own: an access token from a sign-in
 * (scope `openid`) for the lab's API, the default audience.
 * @see OpenID Connect Core 1.0 §5.3, §5.3.1 (GET and POST), §5.3.2, §5.3.3 (errors as RFC 6750 §3)
 */
export const userinfoEndpoint = protectedResource({ resource: 'api', scope: SCOPE_OPENID }, async (ctx, claims) => {
  const user = findUser(claims.sub);
  recordCheck(ctx, {
    name: 'token names a user',
    rfc: 'OpenID Connect Core 1.0 §5.3',
    actor: 'resource',
    inputs: { sub: claims.sub },
    pass: user !== undefined,
    detail: user ? `The token was issued when ${user.name} signed in.` : 'The token names no user of this server.',
  });
  if (!user) throw invalidToken('the access token names no user');
  return json(userClaims(user, claims.scope), 200, { 'Cache-Control': 'no-store' });
});
