import { checkScopeWithinGrant } from '../checks/scope';
import { nowMs, recordCheck } from '../context';
import { invalidGrant } from '../errors';
import { labSwitch } from '../lab-switch-store';
import { labSwitchInput } from '../lab-switches';
import { key, type GrantRecord, type RefreshTokenRecord } from '../records';
import { GRANT_REFRESH_TOKEN } from '../seed';
import { revokeGrant, tokenResponse } from '../tokens';
import type { Grant } from './types';

/**
 * Refreshes an access token, rotating the refresh token on every use. Presenting a
 * rotated (already used) refresh token revokes the whole grant.
 * @see RFC 6749 §6; RFC 9700 §4.14.2 (refresh token rotation and reuse detection)
 */
export const refreshTokenGrant: Grant = {
  grant_type: GRANT_REFRESH_TOKEN,
  parameters: ['refresh_token', 'scope'],
  async handler(ctx, client, params) {
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

    // With the learner's `refresh-reuse-detection` lab switch off, a rotated refresh token is accepted again
    // and the grant stays alive.
    const reuseDetection = await labSwitch(ctx, 'refresh-reuse-detection');
    const rotatedAt = await ctx.store.get<number>(ctx.namespace, key.refreshUsed(refresh_token));
    const grant = await ctx.store.get<GrantRecord>(ctx.namespace, key.grant(record.grant_id));
    const reuseIgnored = rotatedAt !== undefined && reuseDetection === 'off';
    recordCheck(ctx, {
      name: 'refresh token rotation',
      rfc: 'RFC 9700 §4.14.2',
      inputs: {
        ...(reuseDetection === 'off' ? labSwitchInput('refresh-reuse-detection', reuseDetection) : {}),
        refresh_token,
        already_rotated: rotatedAt !== undefined,
        grant_active: grant !== undefined,
      },
      pass: (rotatedAt === undefined || reuseIgnored) && grant !== undefined,
      detail:
        grant !== undefined && reuseIgnored
          ? 'This refresh token was already used and replaced, but reuse detection is off (lab setting): it is accepted again and the grant stays alive.'
          : rotatedAt !== undefined && !reuseIgnored
            ? 'This refresh token was already used and replaced: reuse detection treats it as stolen and revokes the whole grant.'
            : grant === undefined
              ? 'The grant behind this refresh token was revoked.'
              : 'First use of this refresh token: it is replaced by a new one.',
    });
    if (rotatedAt !== undefined && !reuseIgnored) {
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

    const grantedScope = checkScopeWithinGrant(ctx, record.scope, scope);
    const claimed = await ctx.store.setIfAbsent(ctx.namespace, key.refreshUsed(refresh_token), now, ctx.limits.refreshTokenLifetimeSeconds);
    if (!claimed && reuseDetection === 'on') {
      await revokeGrant(ctx, record.grant_id);
      throw invalidGrant('the refresh token was already used; the grant has been revoked');
    }
    return tokenResponse(ctx, grant, grantedScope, true);
  },
};
