import { json } from '../http';
import { protectedResource } from '../resource-server';
import { findUser, PHOTOS } from '../seed';
import type { AccessTokenClaims } from '../tokens';

/** An API answer, never cached: it is the user's own data. */
const apiAnswer = (render: (claims: AccessTokenClaims) => unknown) => async (_ctx: unknown, claims: AccessTokenClaims) =>
  json(render(claims), 200, { 'Cache-Control': 'no-store' });

/** GET /api/me: the signed-in user's profile (scope `profile`). */
export const meEndpoint = protectedResource(
  { resource: 'api', scope: 'profile' },
  apiAnswer((claims) => {
    const user = findUser(claims.sub);
    return user
      ? { sub: user.username, name: user.name, preferred_username: user.username, email: user.email }
      : { sub: claims.sub, client_id: claims.client_id };
  }),
);

/** GET /api/photos: the user's photos (scope `photos.read`); a service token sees them all. */
export const photosEndpoint = protectedResource(
  { resource: 'api', scope: 'photos.read' },
  apiAnswer((claims) => ({
    photos: PHOTOS.filter((photo) => !findUser(claims.sub) || photo.owner === claims.sub),
  })),
);
