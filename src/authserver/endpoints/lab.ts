/**
 * Teaching hooks for the walk-through: read the learner's trace, read or advance the
 * learner's clock, clear the trace. Not part of OAuth, not recorded in the trace.
 */
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { MAX_OFFSET_SECONDS, writeOffsetSeconds } from '../clock';
import { LEARNER_COOKIE, PUBLIC_NAMESPACE, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { FRAME_TICKET_PARAMETER, FRAME_TICKET_TTL_SECONDS, issueFrameTicket } from '../frame-tickets';
import { json, jsonObjectBody, jsonText, NO_STORE, Params, parseCookies } from '../http';
import { readLabSwitches, resetLabSwitches, writeLabSwitches } from '../lab-switch-store';
import { isLabSwitchId, LAB_SWITCH_VALUES, type LabSwitchSettings, type LabSwitchValue } from '../lab-switches';
import { issueLearner, learnerNamespace, revokeLearner } from '../learners';
import { isSeed } from '../seeded-random';
import { clearTrace, readTraceJson } from '../trace';

/** GET /oauth/lab/trace?after=<seq> → `{ events, next }` */
export async function labTrace(ctx: RequestContext): Promise<Response> {
  const params = new Params(ctx.url.searchParams);
  rejectDuplicateParameters(params, ['after']);
  const raw = params.get('after') ?? '0';
  if (!/^\d{1,15}$/.test(raw)) throw invalidRequest('after must be a non-negative integer');
  return jsonText(await readTraceJson(ctx.store, ctx.namespace, Number(raw)), 200, NO_STORE);
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
  const { advance_seconds, offset_seconds } = jsonObjectBody(ctx.request, ctx.bodyText);
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

/** Refuses a request that does not carry the learner id the server issued (no cookie, or one it forgot). */
function requireIssuedLearner(ctx: RequestContext, why: string): void {
  const presented = parseCookies(ctx.cookieHeader).get(LEARNER_COOKIE);
  if (ctx.namespace === PUBLIC_NAMESPACE || presented === undefined || learnerNamespace(presented) !== ctx.namespace) {
    throw invalidRequest(`send the osl_learner cookie the server issued: ${why}`);
  }
}

/**
 * POST /oauth/lab/frame-ticket → `{ ticket, parameter, expires_in }`: a ticket that names this learner on
 * the authorization endpoint inside a cross-site frame (the clickjacking lesson). See `frame-tickets.ts`.
 */
export async function labFrameTicket(ctx: RequestContext): Promise<Response> {
  requireIssuedLearner(ctx, 'frame tickets exist only per learner');
  const ticket = await issueFrameTicket(ctx.store, ctx.namespace, 'page');
  return json({ ticket, parameter: FRAME_TICKET_PARAMETER, expires_in: FRAME_TICKET_TTL_SECONDS }, 200, NO_STORE);
}

/** GET /oauth/lab/switches → `{ "<id>": "on" | "off", … }`, every switch of the learner. */
export async function labSwitchesGet(ctx: RequestContext): Promise<Response> {
  return json(await readLabSwitches(ctx.store, ctx.namespace), 200, NO_STORE);
}

/**
 * POST /oauth/lab/switches with `{ "<id>": "on" | "off", … }` (one or more) → every switch of the learner.
 * Switches exist only per learner: a request that does not carry the learner id the server issued
 * (no cookie, or one it forgot) is refused with 400 invalid_request, so nothing is ever switched for
 * a namespace nobody holds. The `Set-Cookie` of that answer gives the caller an id to try again with.
 */
export async function labSwitchesPost(ctx: RequestContext): Promise<Response> {
  requireIssuedLearner(ctx, 'lab switches exist only per learner');
  const body = jsonObjectBody(ctx.request, ctx.bodyText);
  const changes: Partial<LabSwitchSettings> = {};
  for (const [id, value] of Object.entries(body)) {
    if (!isLabSwitchId(id)) throw invalidRequest(`unknown lab switch: ${id.slice(0, 64)}`);
    if (!LAB_SWITCH_VALUES.includes(value as LabSwitchValue)) throw invalidRequest(`${id} must be "on" or "off"`);
    changes[id] = value as LabSwitchValue;
  }
  if (Object.keys(changes).length === 0) throw invalidRequest('name at least one lab switch');
  return json(await writeLabSwitches(ctx.store, ctx.namespace, changes), 200, NO_STORE);
}

/**
 * The seed a reset asks for: none without a body (or with `{}`), else `{ "seed": "<word>" }` with a
 * word matching `SEED_PATTERN`. Anything else is refused, so a typo never silently runs unseeded.
 */
function resetSeed(ctx: RequestContext): string | undefined {
  if (!ctx.bodyText) return undefined;
  const { seed, ...rest } = jsonObjectBody(ctx.request, ctx.bodyText);
  if (Object.keys(rest).length > 0) throw invalidRequest('the only field a reset takes is seed');
  if (seed === undefined) return undefined;
  if (!isSeed(seed)) throw invalidRequest('seed must be 1 to 40 letters, digits, - or _');
  return seed;
}

/**
 * POST /oauth/lab/reset: clears the learner's trace (sequence numbers keep growing), turns every defence back on,
 * forgets their id and issues a new one, so the walk-through starts over in a fresh namespace. With `{ "seed": "<word>" }`
 * the new namespace is a seeded run: its random values come from the seed (`seeded-run.ts`).
 */
export async function labReset(ctx: RequestContext): Promise<Response> {
  const seed = resetSeed(ctx);
  await clearTrace(ctx.store, ctx.namespace);
  await resetLabSwitches(ctx.store, ctx.namespace);
  await revokeLearner(ctx.store, ctx.namespace);
  ctx.renewLearnerCookie((await issueLearner(ctx.store, ctx.issuer, seed)).setCookie);
  return json({ cleared: true, ...(seed === undefined ? {} : { seed }) }, 200, NO_STORE);
}
