/**
 * Classes: an instructor starts one, learners follow its event stream, only the instructor's secret
 * steps, reveals or ends it, answers are tallied once per learner, and everything is bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/authserver/paths';
import { classHubFor } from '../../src/authserver/classes/hub';
import { MemoryStore } from '../../src/authserver/store/memory';
import { JOIN_CODE_ALPHABET } from '../../src/classroom/join-code';
import { questionBefore } from '../../src/classroom/questions';
import { attacks } from '../../src/flows/attacks';
import { authorizationCode } from '../../src/flows/authorization-code';
import type { AuthServer } from '../../src/authserver';
import type { FlowStep } from '../../src/flows/types';
import { get, learnerCookie, newServer, postJson } from './helpers';
import { eventReader } from './sse';

const opened: { cancel(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((stream) => stream.cancel().catch(() => undefined)));
});

/** The step index (steps run) at which Authorization Code asks its first question. */
const QUESTION_AT = authorizationCode.steps.findIndex((_, index) => questionBefore(authorizationCode, index));
const QUESTION = questionBefore(authorizationCode, QUESTION_AT)!;
/** The index of Authorization Code's decision point (approve or deny). */
const CONSENT_AT = authorizationCode.steps.findIndex((step: FlowStep) => step.decision);

async function startClass(server: AuthServer, cookie: string, flow: string = authorizationCode.slug) {
  const response = await postJson(server, ENDPOINTS.labClasses, { flow }, { cookie });
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string; secret: string; watch: string; step: number; flow: string };
}

function follow(server: AuthServer, code: string, cookie: string, watch?: string) {
  const query = watch === undefined ? '' : `&role=instructor&watch=${watch}`;
  return get(server, `${ENDPOINTS.labClassEvents}?code=${code}${query}`, { cookie });
}

async function openStream(server: AuthServer, code: string, cookie: string, watch?: string) {
  const response = await follow(server, code, cookie, watch);
  expect(response.status).toBe(200);
  const events = eventReader(response);
  opened.push(events);
  return events;
}

const instruct = (server: AuthServer, body: Record<string, unknown>, cookie: string) => postJson(server, ENDPOINTS.labClassInstructor, body, { cookie });

describe('a class', () => {
  it('starts with a readable join code and a secret, at step 0', async () => {
    const server = newServer();
    const cookie = await learnerCookie(server);
    const started = await startClass(server, cookie);
    expect(started.code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6}$`));
    expect(started.code).not.toMatch(/[0O1lI]/);
    expect(started.secret.length).toBeGreaterThanOrEqual(40);
    expect(started).toMatchObject({ flow: 'authorization-code', step: 0 });
    const read = await get(server, `${ENDPOINTS.labClass}?code=${started.code.toLowerCase()}`, { cookie });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ code: started.code, flow: 'authorization-code', step: 0, choices: {}, revealed: false, version: 1 });
  });

  it('streams the current step at once and every step the instructor takes', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const { code, secret } = await startClass(server, instructor);
    expect((await instruct(server, { code, secret, action: 'step', step: 2 }, instructor)).status).toBe(200);
    // A late joiner lands on the current step.
    const learner = await learnerCookie(server);
    const events = await openStream(server, code, learner);
    const response = await follow(server, code, learner);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    await response.body?.cancel();
    expect(await events.until('state')).toEqual({ event: 'state', data: { code, flow: 'authorization-code', step: 2, choices: {}, revealed: false, version: 2 } });
    await instruct(server, { code, secret, action: 'step', step: 3 }, instructor);
    expect((await events.until('state')).data).toMatchObject({ step: 3, version: 3 });
  });

  it('carries how the instructor ran each step (a denial, a learner action) by id, to every follower', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const { code, secret } = await startClass(server, instructor);
    const consent = CONSENT_AT + 1;
    const denied = { [authorizationCode.steps[CONSENT_AT]!.id]: 'deny' };
    const learner = await learnerCookie(server);
    const events = await openStream(server, code, learner);
    expect((await events.until('state')).data).toMatchObject({ step: 0, choices: {} });
    const stepped = await instruct(server, { code, secret, action: 'step', step: consent, choices: denied }, instructor);
    expect(stepped.status).toBe(200);
    expect(await stepped.json()).toMatchObject({ step: consent, choices: denied });
    expect((await events.until('state')).data).toMatchObject({ step: consent, choices: denied });
    // Only a choice the flow offers, at a step already run.
    for (const choices of [{ [authorizationCode.steps[CONSENT_AT]!.id]: 'approve' }, { [authorizationCode.steps[0]!.id]: 'deny' }, ['deny']]) {
      const refused = await instruct(server, { code, secret, action: 'step', step: consent, choices }, instructor);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_request');
    }
    const early = await instruct(server, { code, secret, action: 'step', step: CONSENT_AT, choices: denied }, instructor);
    expect(early.status).toBe(400);
    expect(await (await get(server, `${ENDPOINTS.labClass}?code=${code}`, { cookie: learner })).json()).toMatchObject({ step: consent, choices: denied });
  });

  it('keeps each stream alive with comments, so proxies do not close an idle one', async () => {
    const store = new MemoryStore();
    classHubFor(store, { keepAliveMs: 20 });
    const server = newServer({ store });
    const cookie = await learnerCookie(server);
    const { code } = await startClass(server, cookie);
    const events = await openStream(server, code, cookie);
    expect(await events.comment()).toBe('keep-alive');
  });

  it('lets only the instructor’s secret step, reveal or end it (403)', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const learner = await learnerCookie(server);
    const { code } = await startClass(server, instructor);
    for (const body of [
      { code, secret: 'guessed', action: 'step', step: 1 },
      { code, action: 'end' },
      { code, secret: 'guessed', action: 'reveal' },
    ]) {
      const response = await instruct(server, body, learner);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'access_denied', error_description: 'only the instructor who started this class can step, reveal or end it' });
    }
    // Nor can anyone watch the instructor's tally without the watch token.
    for (const token of ['', 'guessed']) {
      const watching = await follow(server, code, learner, token);
      expect(watching.status).toBe(403);
      expect(((await watching.json()) as { error: string }).error).toBe('access_denied');
    }
    expect(await (await get(server, `${ENDPOINTS.labClass}?code=${code}`, { cookie: learner })).json()).toMatchObject({ step: 0, version: 1 });
  });

  it('starts on an attack lesson too, at step 0 of that lesson', async () => {
    const server = newServer();
    const cookie = await learnerCookie(server);
    const lesson = attacks[0]!;
    const started = await startClass(server, cookie, lesson.slug);
    expect(started).toMatchObject({ flow: lesson.slug, step: 0 });
    const read = await get(server, `${ENDPOINTS.labClass}?code=${started.code}`, { cookie });
    expect(await read.json()).toMatchObject({ code: started.code, flow: lesson.slug, step: 0 });
  });

  it('answers bad input with 400 and an unknown class with 404', async () => {
    const server = newServer();
    const cookie = await learnerCookie(server);
    const { code, secret } = await startClass(server, cookie);
    const cases: [Promise<Response>, number, string][] = [
      [postJson(server, ENDPOINTS.labClasses, { flow: 'no-such-flow' }, { cookie }), 400, 'flow must be one of'],
      [postJson(server, ENDPOINTS.labClasses, 'not json', { cookie }), 400, 'the body is not valid JSON'],
      [postJson(server, ENDPOINTS.labClasses, [], { cookie }), 400, 'the body must be a JSON object'],
      [get(server, `${ENDPOINTS.labClass}?code=12`, { cookie }), 400, 'code must be a class code'],
      [get(server, `${ENDPOINTS.labClass}?code=${code}&code=${code}`, { cookie }), 400, 'code included more than once'],
      [get(server, `${ENDPOINTS.labClass}?code=ABCDEF`.replace('ABCDEF', code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF'), { cookie }), 404, 'there is no class with this code'],
      [get(server, `${ENDPOINTS.labClassEvents}?code=${code}&role=owner`, { cookie }), 400, 'role must be follower or instructor'],
      [instruct(server, { code, secret, action: 'jump' }, cookie), 400, 'action must be step, reveal or end'],
      [instruct(server, { code, secret, action: 'step', step: 99 }, cookie), 400, 'step must be an integer from 0 to 12'],
      [instruct(server, { code, secret, action: 'step', step: 1.5 }, cookie), 400, 'step must be an integer'],
      [instruct(server, { code, secret, action: 'reveal' }, cookie), 409, 'no question is open at this step'],
      [postJson(server, ENDPOINTS.labClassAnswer, { code, step: 0, option: 0 }, { cookie }), 409, 'that question is not open'],
    ];
    for (const [response, status, description] of cases) {
      const reply = await response;
      expect(reply.status, description).toBe(status);
      expect(((await reply.json()) as { error_description: string }).error_description).toContain(description);
    }
    // A browser without a learner id gets one first (the lab's rule); the shared public namespace never holds a class.
    const anonymous = await postJson(server, ENDPOINTS.labClasses, { flow: 'pkce' });
    expect(anonymous.status).toBe(201);
    expect(anonymous.headers.get('set-cookie')).toMatch(/^osl_learner=/);
  });

  it('tallies one answer per learner, tells the instructor, and closes answers at the reveal', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const { code, secret, watch: token } = await startClass(server, instructor);
    const watch = await openStream(server, code, instructor, token);
    await instruct(server, { code, secret, action: 'step', step: QUESTION_AT }, instructor);
    const [alice, bob] = [await learnerCookie(server), await learnerCookie(server)];
    const answer = (cookie: string, option: unknown, step: unknown = QUESTION_AT) => postJson(server, ENDPOINTS.labClassAnswer, { code, step, option }, { cookie });

    expect((await answer(alice, QUESTION.options.length)).status).toBe(400);
    expect((await answer(alice, 'first')).status).toBe(400);
    expect((await answer(alice, 0)).status).toBe(200);
    expect((await answer(alice, 1)).status).toBe(200); // changes her mind: still one answer
    expect((await answer(bob, 1)).status).toBe(200);
    let tally = (await watch.until('tally')).data as { answers: number; counts: number[] };
    while (tally.answers < 2 || tally.counts[0] !== 0) tally = (await watch.until('tally')).data as typeof tally;
    expect(tally).toEqual({ step: QUESTION_AT, answers: 2, counts: QUESTION.options.map((_, i) => (i === 1 ? 2 : 0)) });

    const revealed = await instruct(server, { code, secret, action: 'reveal' }, instructor);
    expect(await revealed.json()).toMatchObject({ step: QUESTION_AT, revealed: true });
    const late = await answer(bob, 0);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error_description: string }).error_description).toBe('the answer has been revealed; answers are closed');
  });

  it('counts connected learners for the instructor, once per learner', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const { code, watch: token } = await startClass(server, instructor);
    const watch = await openStream(server, code, instructor, token);
    const learner = await learnerCookie(server);
    await openStream(server, code, learner);
    await openStream(server, code, learner); // a second tab
    await openStream(server, code, await learnerCookie(server));
    let count = -1;
    while (count !== 2) count = ((await watch.until('learners')).data as { count: number }).count;
    expect(await classHubFor(server.store).learnerCount(code)).toBe(2);
  });

  it('refuses a follower beyond the bound (409), and a class beyond the server’s bound (503)', async () => {
    const store = new MemoryStore();
    classHubFor(store, { maxFollowersPerClass: 1, maxClasses: 1 });
    const server = newServer({ store });
    const cookie = await learnerCookie(server);
    const { code } = await startClass(server, cookie);
    await openStream(server, code, await learnerCookie(server));
    const full = await follow(server, code, await learnerCookie(server));
    expect(full.status).toBe(409);
    expect(await full.json()).toEqual({ error: 'invalid_request', error_description: 'this class is full (1 learners)' });
    const second = await postJson(server, ENDPOINTS.labClasses, { flow: 'pkce' }, { cookie });
    expect(second.status).toBe(503);
    expect(((await second.json()) as { error: string }).error).toBe('temporarily_unavailable');
  });

  it('ends for everyone when the instructor ends it, its state forgotten', async () => {
    const server = newServer();
    const instructor = await learnerCookie(server);
    const { code, secret } = await startClass(server, instructor);
    const events = await openStream(server, code, await learnerCookie(server));
    await events.until('state');
    expect((await instruct(server, { code, secret, action: 'end' }, instructor)).status).toBe(204);
    expect((await events.until('ended')).data).toEqual({ code });
    expect(await events.next()).toBeNull();
    expect((await get(server, `${ENDPOINTS.labClass}?code=${code}`, { cookie: instructor })).status).toBe(404);
    expect(classHubFor(server.store).localClassCount).toBe(0);
  });

  it('expires after the idle time without an instructor command, closing its streams and freeing its memory', async () => {
    let now = Date.now();
    const store = new MemoryStore({ now: () => now, sweepIntervalMs: 0 });
    const hub = classHubFor(store, { idleSeconds: 3600 });
    const server = newServer({ store });
    const instructor = await learnerCookie(server);
    const { code, secret } = await startClass(server, instructor);
    const events = await openStream(server, code, await learnerCookie(server));
    await events.until('state');
    now += 3000 * 1000;
    await instruct(server, { code, secret, action: 'step', step: 1 }, instructor); // renews the class
    now += 3000 * 1000;
    await hub.sweep();
    expect((await events.until('state')).data).toMatchObject({ step: 1 });
    now += 3601 * 1000;
    await hub.sweep();
    expect(await events.until('ended')).toEqual({ event: 'ended', data: { code } });
    expect(hub.localClassCount).toBe(0);
    expect((await get(server, `${ENDPOINTS.labClass}?code=${code}`, { cookie: instructor })).status).toBe(404);
  });
});
