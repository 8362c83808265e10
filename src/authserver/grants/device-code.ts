import { nowMs, recordCheck } from '../context';
import { accessDenied, authorizationPending, expiredToken, invalidGrant, slowDown } from '../errors';
import { key, type DeviceCodeRecord } from '../records';
import { GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN } from '../seed';
import { createGrant, tokenResponse } from '../tokens';
import { refreshBinding } from './dpop-binding';
import type { Grant } from './types';

/**
 * The device polls with its device_code until the user approves or denies on another device.
 * @see RFC 8628 §3.4 (request), §3.5 (authorization_pending, slow_down, access_denied, expired_token)
 */
export const deviceCodeGrant: Grant = {
  grant_type: GRANT_DEVICE_CODE,
  parameters: ['device_code'],
  async handler(ctx, client, params, proof) {
    const device_code = params.require('device_code');
    const storeKey = key.deviceCode(device_code);
    const record = await ctx.store.get<DeviceCodeRecord>(ctx.namespace, storeKey);
    if (!record || record.client_id !== client.client_id) {
      recordCheck(ctx, {
        name: 'device code is known',
        rfc: 'RFC 8628 §3.4',
        inputs: { device_code, client_id: client.client_id },
        pass: false,
        detail: record ? 'The device code was issued to another client.' : 'No such device code was issued.',
      });
      throw invalidGrant('the device_code is invalid');
    }
    const now = nowMs(ctx);
    if (now >= record.expires_at) {
      recordCheck(ctx, {
        name: 'device code is unexpired',
        rfc: 'RFC 8628 §3.5',
        inputs: { expires_at: new Date(record.expires_at).toISOString(), now: new Date(now).toISOString() },
        pass: false,
        detail: 'The device code expired before the user approved; the device must start over.',
      });
      throw expiredToken();
    }
    const sinceLastPoll = record.last_polled_at === undefined ? undefined : (now - record.last_polled_at) / 1000;
    const tooFast = sinceLastPoll !== undefined && sinceLastPoll < record.interval;
    const ttl = Math.max(1, Math.ceil((record.expires_at - now) / 1000));
    recordCheck(ctx, {
      name: 'polling interval respected',
      rfc: 'RFC 8628 §3.5',
      inputs: { interval: record.interval, seconds_since_last_poll: sinceLastPoll ?? null },
      pass: !tooFast,
      detail: tooFast
        ? `The device polled after ${sinceLastPoll!.toFixed(1)} s; it must wait ${record.interval} s. The interval grows by 5 s.`
        : 'The device waited long enough between polls.',
    });
    if (tooFast) {
      const interval = record.interval + 5;
      await ctx.store.set<DeviceCodeRecord>(ctx.namespace, storeKey, { ...record, interval, last_polled_at: now }, ttl);
      throw slowDown(interval);
    }
    recordCheck(ctx, {
      name: 'user approved the device',
      rfc: 'RFC 8628 §3.5',
      inputs: { user_code: record.user_code, status: record.status },
      pass: record.status === 'approved',
      detail:
        record.status === 'approved'
          ? 'The user approved this device on the verification page.'
          : record.status === 'denied'
            ? 'The user denied this device.'
            : 'The user has not finished on the verification page yet; keep polling.',
    });
    if (record.status === 'pending') {
      await ctx.store.set<DeviceCodeRecord>(ctx.namespace, storeKey, { ...record, last_polled_at: now }, ttl);
      throw authorizationPending();
    }
    // The decision is final: the device code is used up either way. @see RFC 8628 §3.5
    await ctx.store.delete(ctx.namespace, storeKey);
    await ctx.store.delete(ctx.namespace, key.userCode(record.user_code));
    if (record.status === 'denied') throw accessDenied('the user denied the authorization request');
    const scope = record.granted_scope ?? record.scope;
    const grant = await createGrant(ctx, { client_id: client.client_id, sub: record.sub!, scope, ...refreshBinding(client, proof) });
    return tokenResponse(ctx, grant, scope, client.grant_types.includes(GRANT_REFRESH_TOKEN), { jkt: proof.jkt });
  },
};
