import { checkResourceIndicator } from '../checks/resource-indicator';
import { checkScopeWithinGrant } from '../checks/scope';
import { nowMs, recordCheck } from '../context';
import { invalidGrant } from '../errors';
import { key, type GrantRecord, type RefreshTokenRecord } from '../records';
import { GRANT_REFRESH_TOKEN } from '../seed';
import { apiAudience, revokeGrant, tokenResponse } from '../tokens';
import { checkRefreshBinding } from './dpop-binding';
import type { Grant } from './types';

/**
 * Refreshes an access token, rotating the refresh token on every use. Presenting a
 * rotated (already used) refresh token revokes the whole grant.
 * @see RFC 6749 §6; RFC 9700 §4.14.2 (refresh token rotation and reuse detection)
 */
export const refreshTokenGrant: Grant = {
  grant_type: GRANT_REFRESH_TOKEN,
  parameters: ['refresh_token', 'scope'],
  async handler(ctx, client, params, proof) {
    const refresh_token = params.require('refresh_token');
    const scope = params.get('scope');
    const record = await ctx.store.get<RefreshTokenRecord>(ctx.namespace, key.refresh(refresh_token));
    if (!record) {
      recordCheck(ctx, {
        name: 'refresh token is known',
        rfc: 'RFC 6749 §6',
        inputs: { refresh_token },
        pass: false,
        detail: 'No such refresh token was issued (or it expired long ago).',
      });
      throw invalidGrant('the refresh token is invalid');
    }
    const sameClient = record.client_id === client.client_id;
    recordCheck(ctx, {
      name: 'refresh token was issued to this client',
      rfc: 'RFC 6749 §6',
      inputs: { issued_to: record.client_id, presented_by: client.client_id },
      pass: sameClient,
      detail: sameClient ? 'The refresh token belongs to this client.' : 'Another client is presenting this refresh token.',
    });
    if (!sameClient) throw invalidGrant('the refresh token was issued to another client');

    const rotatedAt = await ctx.store.get<number>(ctx.namespace, key.refreshUsed(refresh_token));
    const grant = await ctx.store.get<GrantRecord>(ctx.namespace, key.grant(record.grant_id));
    recordCheck(ctx, {
      name: 'refresh token rotation',
      rfc: 'RFC 9700 §4.14.2',
      inputs: { refresh_token, already_rotated: rotatedAt !== undefined, grant_active: grant !== undefined },
      pass: rotatedAt === undefined && grant !== undefined,
      detail:
        rotatedAt !== undefined
          ? 'This refresh token was already used and replaced: reuse means it may be stolen, so the whole grant is revoked.'
          : grant === undefined
            ? 'The grant behind this refresh token was revoked.'
            : 'First use of this refresh token: it is replaced by a new one.',
    });
    if (rotatedAt !== undefined) {
      await revokeGrant(ctx, record.grant_id);
      throw invalidGrant('the refresh token was already used; the grant has been revoked');
    }
    if (!grant) throw invalidGrant('the grant behind this refresh token has been revoked');

    const now = nowMs(ctx);
    const unexpired = now < record.expires_at;
    recordCheck(ctx, {
      name: 'refresh token is unexpired',
      rfc: 'RFC 6749 §6',
      inputs: { expires_at: new Date(record.expires_at).toISOString(), now: new Date(now).toISOString() },
      pass: unexpired,
      detail: unexpired ? 'The refresh token is still valid.' : 'The refresh token has expired; the user must sign in again.',
    });
    if (!unexpired) throw invalidGrant('the refresh token has expired');

    checkRefreshBinding(ctx, grant, proof);
    checkResourceIndicator(ctx, params.getAll('resource'), grant.resource ?? apiAudience(ctx.issuer));
    const grantedScope = checkScopeWithinGrant(ctx, record.scope, scope);
    if (!(await ctx.store.setIfAbsent(ctx.namespace, key.refreshUsed(refresh_token), now, ctx.limits.refreshTokenLifetimeSeconds))) {
      await revokeGrant(ctx, record.grant_id);
      throw invalidGrant('the refresh token was already used; the grant has been revoked');
    }
    return tokenResponse(ctx, grant, grantedScope, true, { jkt: proof.jkt });
  },
};
