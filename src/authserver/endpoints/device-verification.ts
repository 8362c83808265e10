import { checkFormSubmission } from '../checks/form-submission';
import { issueFormToken } from '../checks/form-token';
import { parseScope } from '../checks/scope';
import { checkUserCodeAttempts, recordFailedSignIn, recordWrongUserCode } from '../checks/user-code-attempts';
import { authenticateUser } from '../checks/user-authentication';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { toOAuthError } from '../errors';
import { deviceDonePage, deviceVerificationPage, type DevicePage } from '../html/device-page';
import { html, Params } from '../http';
import { normalizeUserCode } from '../random';
import { key, type DeviceCodeRecord } from '../records';
import { errorPageResponse, FORGED_FORM } from '../responses';
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

/** The verification page, with a fresh single-use anti-CSRF token. @see RFC 6749 §10.12 */
async function page(ctx: RequestContext, props: Omit<DevicePage, 'csrf_token' | 'basePath'>, status: number, headers: Record<string, string> = {}): Promise<Response> {
  const csrf_token = await issueFormToken(ctx, 'device', '');
  return html(deviceVerificationPage({ ...props, basePath: ctx.basePath, csrf_token }), status, 'device verification page', headers);
}

/** GET /oauth/device[?user_code=…]: the verification page. @see RFC 8628 §3.3, §3.3.1 */
export async function deviceVerificationGet(ctx: RequestContext): Promise<Response> {
  const typed = new Params(ctx.url.searchParams).one('user_code');
  const user_code = typed === undefined ? undefined : normalizeUserCode(typed);
  const pending = user_code ? await findPendingDevice(ctx, user_code) : undefined;
  const client = pending ? findClient(pending.record.client_id) : undefined;
  return page(ctx, { user_code, client, scopes: pending ? parseScope(pending.record.scope) : undefined }, 200);
}

/**
 * POST /oauth/device, as a list of steps: the form itself (format, origin, anti-CSRF token),
 * the learner's user_code attempts, the code, the decision, the sign-in. @see RFC 8628 §3.3, §5.1
 */
export async function deviceVerificationPost(ctx: RequestContext): Promise<Response> {
  const params = Params.fromForm(ctx.bodyText ?? '');
  try {
    await checkFormSubmission(ctx, 'device', params, '');
  } catch (err) {
    return errorPageResponse(toOAuthError(err), FORGED_FORM);
  }
  const typed = params.one('user_code');
  const username = params.one('username');
  const retryAfter = await checkUserCodeAttempts(ctx);
  if (retryAfter > 0) {
    const minutes = Math.ceil(retryAfter / 60);
    return page(ctx, { username, error: `Too many wrong codes. Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then enter the code shown on your device.` }, 429, {
      'Retry-After': String(retryAfter),
    });
  }
  const user_code = typed === undefined ? undefined : normalizeUserCode(typed);
  const pending = user_code ? await findPendingDevice(ctx, user_code) : undefined;
  recordCheck(ctx, {
    name: 'user code is valid',
    rfc: 'RFC 8628 §3.3',
    inputs: { user_code: typed ?? null },
    pass: pending !== undefined,
    detail: pending ? 'The code matches a device waiting for approval.' : 'No device is waiting with this code (wrong, used or expired).',
  });
  if (!pending) {
    await recordWrongUserCode(ctx);
    return page(ctx, { user_code: typed, username, error: 'That code is not valid. Check the code on your device and try again.' }, 400);
  }
  const client = findClient(pending.record.client_id)!;
  const scopes = parseScope(pending.record.scope);
  const decision = params.one('decision');
  if (decision !== 'approve' && decision !== 'deny') {
    return page(ctx, { user_code, client, scopes, username, error: 'Choose Approve or Deny.' }, 400);
  }
  const storeKey = key.deviceCode(pending.device_code);
  const ttl = Math.max(1, Math.ceil((pending.record.expires_at - nowMs(ctx)) / 1000)) + 600;
  if (decision === 'deny') {
    await ctx.store.set<DeviceCodeRecord>(ctx.namespace, storeKey, { ...pending.record, status: 'denied' }, ttl);
    return html(deviceDonePage(false, client), 200, 'device denied page');
  }
  const user = authenticateUser(ctx, username, params.one('password'));
  if (!user) {
    if (!(await recordFailedSignIn(ctx, pending.device_code, pending.record))) {
      return page(ctx, { error: 'Too many failed sign-ins with this code. Start again on your device to get a new code.' }, 400);
    }
    return page(ctx, { user_code, client, scopes, username, error: 'Unknown username or wrong password.' }, 401);
  }
  await ctx.store.set<DeviceCodeRecord>(
    ctx.namespace,
    storeKey,
    { ...pending.record, status: 'approved', sub: user.username, granted_scope: pending.record.scope },
    ttl,
  );
  return html(deviceDonePage(true, client), 200, 'device connected page');
}
