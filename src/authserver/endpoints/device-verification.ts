import { parseScope } from '../checks/scope';
import { authenticateUser } from '../checks/user-authentication';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { deviceDonePage, deviceVerificationPage, type DevicePage } from '../html/device-page';
import { html, mediaType, Params } from '../http';
import { normalizeUserCode } from '../random';
import { key, type DeviceCodeRecord } from '../records';
import { findClient } from '../seed';

interface PendingDevice {
  device_code: string;
  record: DeviceCodeRecord;
}

async function findPendingDevice(ctx: RequestContext, user_code: string): Promise<PendingDevice | undefined> {
  const device_code = await ctx.store.get<string>(ctx.namespace, key.userCode(user_code));
  if (device_code === undefined) return undefined;
  const record = await ctx.store.get<DeviceCodeRecord>(ctx.namespace, key.deviceCode(device_code));
  if (!record || record.status !== 'pending' || nowMs(ctx) >= record.expires_at) return undefined;
  return { device_code, record };
}

function page(props: DevicePage, status: number): Response {
  return html(deviceVerificationPage(props), status, 'device verification page');
}

/** GET /oauth/device[?user_code=…]: the verification page. @see RFC 8628 §3.3, §3.3.1 */
export async function deviceVerificationGet(ctx: RequestContext): Promise<Response> {
  const values = ctx.url.searchParams.getAll('user_code').filter((v) => v !== '');
  const user_code = values.length === 1 ? normalizeUserCode(values[0]!) : undefined;
  const pending = user_code ? await findPendingDevice(ctx, user_code) : undefined;
  const client = pending ? findClient(pending.record.client_id) : undefined;
  return page({ user_code, client, scopes: pending ? parseScope(pending.record.scope) : undefined }, 200);
}

/** POST /oauth/device: the user's code, sign-in and decision. @see RFC 8628 §3.3 */
export async function deviceVerificationPost(ctx: RequestContext): Promise<Response> {
  if (mediaType(ctx.request) !== 'application/x-www-form-urlencoded') {
    return page({ error: 'The form must be posted as application/x-www-form-urlencoded.' }, 400);
  }
  if (ctx.request.headers.get('sec-fetch-site') === 'cross-site') {
    return page({ error: 'Cross-site form submissions are refused.' }, 403);
  }
  const params = Params.fromForm(ctx.bodyText ?? '');
  const one = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  };
  const typed = one('user_code');
  const username = one('username');
  const user_code = typed === undefined ? undefined : normalizeUserCode(typed);
  const pending = user_code ? await findPendingDevice(ctx, user_code) : undefined;
  recordCheck(ctx, {
    name: 'user code is valid',
    rfc: 'RFC 8628 §3.3',
    inputs: { user_code: typed ?? null },
    pass: pending !== undefined,
    detail: pending ? 'The code matches a device waiting for approval.' : 'No device is waiting with this code (wrong, used or expired).',
  });
  if (!pending) return page({ user_code: typed, username, error: 'That code is not valid. Check the code on your device and try again.' }, 400);
  const client = findClient(pending.record.client_id)!;
  const scopes = parseScope(pending.record.scope);
  const decision = one('decision');
  if (decision !== 'approve' && decision !== 'deny') {
    return page({ user_code, client, scopes, username, error: 'Choose Approve or Deny.' }, 400);
  }
  const storeKey = key.deviceCode(pending.device_code);
  const ttl = Math.max(1, Math.ceil((pending.record.expires_at - nowMs(ctx)) / 1000)) + 600;
  if (decision === 'deny') {
    await ctx.store.set<DeviceCodeRecord>(ctx.namespace, storeKey, { ...pending.record, status: 'denied' }, ttl);
    return html(deviceDonePage(false, client), 200, 'device denied page');
  }
  const user = authenticateUser(ctx, username, one('password'));
  if (!user) return page({ user_code, client, scopes, username, error: 'Unknown username or wrong password.' }, 401);
  await ctx.store.set<DeviceCodeRecord>(
    ctx.namespace,
    storeKey,
    { ...pending.record, status: 'approved', sub: user.username, granted_scope: pending.record.scope },
    ttl,
  );
  return html(deviceDonePage(true, client), 200, 'device connected page');
}
