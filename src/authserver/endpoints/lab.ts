/**
 * Teaching hooks for the walk-through: read the learner's trace, read or advance the
 * learner's clock, clear the trace. Not part of OAuth, not recorded in the trace.
 */
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { MAX_OFFSET_SECONDS, writeOffsetSeconds } from '../clock';
import { PUBLIC_NAMESPACE, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { json, mediaType, NO_STORE, Params } from '../http';
import { issueLearner, revokeLearner } from '../learners';
import { isSeed } from '../seeded-random';
import { clearTrace, readTrace } from '../trace';

/** GET /oauth/lab/trace?after=<seq> → `{ events, next }` */
export async function labTrace(ctx: RequestContext): Promise<Response> {
  const params = new Params(ctx.url.searchParams);
  rejectDuplicateParameters(params, ['after']);
  const raw = params.get('after') ?? '0';
  if (!/^\d{1,15}$/.test(raw)) throw invalidRequest('after must be a non-negative integer');
  return json(await readTrace(ctx.store, ctx.namespace, Number(raw)), 200, NO_STORE);
}

/** The learner's clock as JSON: `now` in epoch seconds on that clock. */
function clockBody(offset_seconds: number) {
  return { now: Math.floor(Date.now() / 1000) + offset_seconds, offset_seconds };
}

/** GET /oauth/lab/clock → `{ now, offset_seconds }` */
export async function labClockGet(ctx: RequestContext): Promise<Response> {
  return json(clockBody(ctx.offsetSeconds), 200, NO_STORE);
}

/**
 * POST /oauth/lab/clock with `{ "advance_seconds": n }` (or `{ "offset_seconds": n }` to set it,
 * e.g. 0 to go back to real time). Only a learner namespace has a movable clock.
 */
export async function labClockPost(ctx: RequestContext): Promise<Response> {
  if (ctx.namespace === PUBLIC_NAMESPACE) {
    throw invalidRequest('set the osl_learner cookie first: the shared public clock cannot be moved');
  }
  if (mediaType(ctx.request) !== 'application/json') throw invalidRequest('the body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(ctx.bodyText ?? '');
  } catch {
    throw invalidRequest('the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('the body must be a JSON object');
  const { advance_seconds, offset_seconds } = body as Record<string, unknown>;
  const isSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
  let next: number;
  if (advance_seconds !== undefined && offset_seconds === undefined && isSeconds(advance_seconds) && advance_seconds >= 0) {
    next = ctx.offsetSeconds + advance_seconds;
  } else if (offset_seconds !== undefined && advance_seconds === undefined && isSeconds(offset_seconds) && offset_seconds >= 0) {
    next = offset_seconds;
  } else {
    throw invalidRequest('send a JSON object with advance_seconds or offset_seconds, a non-negative integer');
  }
  if (next > MAX_OFFSET_SECONDS) throw invalidRequest(`the clock cannot move more than ${MAX_OFFSET_SECONDS} seconds ahead`);
  await writeOffsetSeconds(ctx.store, ctx.namespace, next);
  return json(clockBody(next), 200, NO_STORE);
}

/**
 * The seed a reset asks for: none without a body (or with `{}`), else `{ "seed": "<word>" }` with a
 * word matching `SEED_PATTERN`. Anything else is refused, so a typo never silently runs unseeded.
 */
function resetSeed(ctx: RequestContext): string | undefined {
  if (!ctx.bodyText) return undefined;
  if (mediaType(ctx.request) !== 'application/json') throw invalidRequest('the body must be application/json');
  let body: unknown;
  try {
    body = JSON.parse(ctx.bodyText);
  } catch {
    throw invalidRequest('the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('the body must be a JSON object');
  const { seed, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) throw invalidRequest('the only field a reset takes is seed');
  if (seed === undefined) return undefined;
  if (!isSeed(seed)) throw invalidRequest('seed must be 1 to 40 letters, digits, - or _');
  return seed;
}

/**
 * POST /oauth/lab/reset: clears the learner's trace (sequence numbers keep growing), forgets their id
 * and issues a new one, so the walk-through starts over in a fresh namespace. With `{ "seed": "<word>" }`
 * the new namespace is a seeded run: its random values come from the seed (`seeded-run.ts`).
 */
export async function labReset(ctx: RequestContext): Promise<Response> {
  const seed = resetSeed(ctx);
  await clearTrace(ctx.store, ctx.namespace);
  await revokeLearner(ctx.store, ctx.namespace);
  const { setCookie } = await issueLearner(ctx.store, ctx.issuer, seed);
  return json({ cleared: true, ...(seed === undefined ? {} : { seed }) }, 200, { ...NO_STORE, 'Set-Cookie': setCookie });
}
