/**
 * The class endpoints (lab controls, not part of any OAuth lesson). Start a class, read it, follow
 * it as an event stream, drive it as its instructor, answer its question. Bad input gets 400, an
 * unknown or ended class 404, anyone but the instructor 403.
 */
import { parseJoinCode } from '../../classroom/join-code';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { PUBLIC_NAMESPACE, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { json, jsonObjectBody, NO_STORE, Params } from '../http';
import { classHubFor, type ClassCommand } from './hub';

function codeFrom(value: unknown): string {
  const code = typeof value === 'string' ? parseJoinCode(value) : null;
  if (!code) throw invalidRequest('code must be a class code: six letters and digits');
  return code;
}

function codeParameter(ctx: RequestContext): string {
  const params = new Params(ctx.url.searchParams);
  rejectDuplicateParameters(params, ['code', 'role', 'watch']);
  return codeFrom(params.get('code'));
}

/** A class belongs to a learner: the cookie-less public namespace cannot start, follow or answer one. */
function learnerOf(ctx: RequestContext): string {
  if (ctx.namespace === PUBLIC_NAMESPACE) throw invalidRequest('set the osl_learner cookie first (open any lab page)');
  return ctx.namespace;
}

/** POST /oauth/lab/classes `{ "flow": "<slug>" }` → 201 `{ code, flow, step, revealed, version, secret, watch }` */
export async function classStart(ctx: RequestContext): Promise<Response> {
  const body = jsonObjectBody(ctx.request, ctx.bodyText);
  learnerOf(ctx);
  const { state, secret, watch } = await classHubFor(ctx.store).start(body.flow);
  return json({ ...state, secret, watch }, 201, NO_STORE);
}

/** GET /oauth/lab/class?code=<code> → `{ code, flow, step, revealed, version }` */
export async function classRead(ctx: RequestContext): Promise<Response> {
  return json(await classHubFor(ctx.store).state(codeParameter(ctx)), 200, NO_STORE);
}

/** GET /oauth/lab/class/events?code=<code>[&role=instructor&watch=<token>] → `text/event-stream` */
export async function classEvents(ctx: RequestContext): Promise<Response> {
  const code = codeParameter(ctx);
  const role = ctx.url.searchParams.get('role') ?? 'follower';
  if (role !== 'follower' && role !== 'instructor') throw invalidRequest('role must be follower or instructor');
  return classHubFor(ctx.store).open(code, role, learnerOf(ctx), ctx.url.searchParams.get('watch') ?? undefined);
}

/**
 * POST /oauth/lab/class/instructor `{ code, secret, action: "step", step, choices? }` (or `action: "reveal"`,
 * `action: "end"`) → the class's new state, or 204 once ended.
 */
export async function classInstruct(ctx: RequestContext): Promise<Response> {
  const body = jsonObjectBody(ctx.request, ctx.bodyText);
  const code = codeFrom(body.code);
  let command: ClassCommand;
  if (body.action === 'step') {
    if (typeof body.step !== 'number') throw invalidRequest('step must be a number');
    command = { action: 'step', step: body.step, choices: body.choices };
  } else if (body.action === 'reveal' || body.action === 'end') {
    command = { action: body.action };
  } else {
    throw invalidRequest('action must be step, reveal or end');
  }
  const state = await classHubFor(ctx.store).command(code, body.secret, command);
  return state ? json(state, 200, NO_STORE) : new Response(null, { status: 204, headers: NO_STORE });
}

/** POST /oauth/lab/class/answer `{ code, step, option }` → `{ accepted: true }` */
export async function classAnswer(ctx: RequestContext): Promise<Response> {
  const body = jsonObjectBody(ctx.request, ctx.bodyText);
  const code = codeFrom(body.code);
  await classHubFor(ctx.store).answer(code, learnerOf(ctx), body.step, body.option);
  return json({ accepted: true }, 200, NO_STORE);
}
