import { authenticateClient } from '../checks/client-authentication';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { checkRequestedScope } from '../checks/scope';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { unauthorizedClient } from '../errors';
import { formParams, json, NO_STORE } from '../http';
import { ENDPOINTS } from '../paths';
import { opaqueToken, userCode } from '../random';
import { key, type DeviceCodeRecord } from '../records';
import { GRANT_DEVICE_CODE } from '../seed';

/** @see RFC 8628 §3.1 */
const DEVICE_AUTHORIZATION_PARAMETERS = ['client_id', 'client_secret', 'scope'];

/**
 * POST /oauth/device_authorization: the device asks for a device_code (kept secret, for polling)
 * and a user_code (shown to the user, typed on another device).
 * @see RFC 8628 §3.1, §3.2
 */
export async function deviceAuthorizationEndpoint(ctx: RequestContext): Promise<Response> {
  const params = formParams(ctx.request, ctx.bodyText);
  rejectDuplicateParameters(params, DEVICE_AUTHORIZATION_PARAMETERS);
  const { client } = await authenticateClient(ctx, params);
  const allowed = client.grant_types.includes(GRANT_DEVICE_CODE);
  recordCheck(ctx, {
    name: 'grant type allowed for client',
    rfc: 'RFC 8628 §3.1',
    inputs: { grant_type: GRANT_DEVICE_CODE, registered: client.grant_types },
    pass: allowed,
    detail: allowed ? `${client.client_id} may use the device flow.` : `${client.client_id} is not registered for the device flow.`,
  });
  if (!allowed) throw unauthorizedClient('this client may not use the device authorization grant');
  const scope = checkRequestedScope(ctx, client, params.get('scope')).join(' ');

  let user_code = userCode(ctx.random);
  while (await ctx.store.get(ctx.namespace, key.userCode(user_code))) user_code = userCode(ctx.random);
  const device_code = opaqueToken(ctx.random);
  const lifetime = ctx.limits.deviceCodeLifetimeSeconds;
  const record: DeviceCodeRecord = {
    client_id: client.client_id,
    user_code,
    scope,
    expires_at: nowMs(ctx) + lifetime * 1000,
    interval: ctx.limits.devicePollIntervalSeconds,
    status: 'pending',
  };
  // Kept longer than the lifetime so a late poll reads "expired_token", not "unknown".
  await ctx.store.set(ctx.namespace, key.deviceCode(device_code), record, lifetime + 600);
  await ctx.store.set(ctx.namespace, key.userCode(user_code), device_code, lifetime + 600);
  const verification_uri = `${ctx.issuer}${ENDPOINTS.deviceVerification}`;
  return json(
    {
      device_code,
      user_code,
      verification_uri,
      verification_uri_complete: `${verification_uri}?user_code=${encodeURIComponent(user_code)}`,
      expires_in: lifetime,
      interval: record.interval,
    },
    200,
    NO_STORE,
  );
}
