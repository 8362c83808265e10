import { nowMs, recordCheck, type RequestContext } from '../context';
import { key, type DeviceCodeRecord, type UserCodeAttemptsRecord } from '../records';

/**
 * Guessing user codes is the device flow's brute-force risk: the server limits how many wrong
 * codes a learner may enter per window (on the learner's clock), and how many failed sign-ins a
 * valid code survives before its device code is used up.
 * @see RFC 8628 §5.1 ("the authorization server [...] SHOULD rate-limit user code attempts")
 */
const NAME = 'user_code attempts';
const RFC = 'RFC 8628 §5.1';

async function readAttempts(ctx: RequestContext): Promise<UserCodeAttemptsRecord> {
  const record = await ctx.store.get<UserCodeAttemptsRecord>(ctx.namespace, key.userCodeAttempts());
  const windowMs = ctx.limits.userCodeAttemptWindowSeconds * 1000;
  return record && nowMs(ctx) - record.window_started_at < windowMs ? record : { window_started_at: nowMs(ctx), failures: 0 };
}

/** Seconds until the learner may try again; 0 when a try is allowed now. Records the check. */
export async function checkUserCodeAttempts(ctx: RequestContext): Promise<number> {
  const attempts = await readAttempts(ctx);
  const limit = ctx.limits.userCodeAttemptsPerLearner;
  const pass = attempts.failures < limit;
  const retryAfter = pass ? 0 : Math.max(1, Math.ceil((attempts.window_started_at + ctx.limits.userCodeAttemptWindowSeconds * 1000 - nowMs(ctx)) / 1000));
  recordCheck(ctx, {
    name: NAME,
    rfc: RFC,
    inputs: { wrong_codes_in_window: attempts.failures, limit, window_seconds: ctx.limits.userCodeAttemptWindowSeconds },
    pass,
    detail: pass
      ? `${attempts.failures} wrong codes so far in this window; the limit is ${limit}.`
      : `${limit} wrong codes in ${ctx.limits.userCodeAttemptWindowSeconds / 60} minutes: no more tries for ${retryAfter} seconds.`,
  });
  return retryAfter;
}

/** Counts a wrong user code against the learner's window. */
export async function recordWrongUserCode(ctx: RequestContext): Promise<void> {
  const attempts = await readAttempts(ctx);
  await ctx.store.set<UserCodeAttemptsRecord>(
    ctx.namespace,
    key.userCodeAttempts(),
    { ...attempts, failures: attempts.failures + 1 },
    ctx.limits.userCodeAttemptWindowSeconds,
  );
}

/**
 * Counts a failed sign-in against a valid user code. At the limit the device code is used up
 * (it expires now, so the device's next poll reads `expired_token` and it must start over).
 * Returns whether the code is still usable. @see RFC 8628 §3.5, §5.1
 */
export async function recordFailedSignIn(ctx: RequestContext, device_code: string, record: DeviceCodeRecord): Promise<boolean> {
  const failed_attempts = (record.failed_attempts ?? 0) + 1;
  const limit = ctx.limits.userCodeAttemptsPerDeviceCode;
  const usable = failed_attempts < limit;
  const ttl = Math.max(1, Math.ceil((record.expires_at - nowMs(ctx)) / 1000)) + 600;
  const updated: DeviceCodeRecord = usable ? { ...record, failed_attempts } : { ...record, failed_attempts, expires_at: nowMs(ctx) };
  await ctx.store.set<DeviceCodeRecord>(ctx.namespace, key.deviceCode(device_code), updated, ttl);
  if (!usable) await ctx.store.delete(ctx.namespace, key.userCode(record.user_code));
  recordCheck(ctx, {
    name: NAME,
    rfc: RFC,
    inputs: { failed_sign_ins_for_this_code: failed_attempts, limit },
    pass: usable,
    detail: usable
      ? `${failed_attempts} failed sign-in${failed_attempts === 1 ? '' : 's'} with this code; at ${limit} the code is used up.`
      : `${limit} failed sign-ins with this code: it is used up, and the device must ask for a new one.`,
  });
  return usable;
}
