/**
 * One class across two server instances sharing one Redis: the instructor drives it through one,
 * learners follow it through the other, and steps, learner counts and answers cross over by Redis
 * pub/sub and the shared store.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthServer, type AuthServer } from '../../src/authserver';
import { ENDPOINTS } from '../../src/authserver/paths';
import { classHubFor } from '../../src/authserver/classes/hub';
import { openStore } from '../../src/authserver/store/from-env';
import { questionBefore } from '../../src/classroom/questions';
import { authorizationCode } from '../../src/flows/authorization-code';
import { get, learnerCookie, postJson } from './helpers';
import { startRedisServer, type RedisServer } from './redis-server';
import { eventReader } from './sse';

let redis: RedisServer;
let a: AuthServer;
let b: AuthServer;

beforeAll(async () => {
  redis = await startRedisServer();
  a = createAuthServer({ store: await openStore({ REDIS_URL: redis.url }) });
  b = createAuthServer({ store: await openStore({ REDIS_URL: redis.url }) });
});

afterAll(async () => {
  try {
    for (const server of [a, b]) {
      if (!server) continue;
      classHubFor(server.store).close();
      await server.store.close();
    }
  } finally {
    // Never leave the redis-server behind, even when a store failed to open.
    await redis?.stop();
  }
});

it('follows one class across two handlers sharing one redis-server', async () => {
  const questionAt = authorizationCode.steps.findIndex((_, index) => questionBefore(authorizationCode, index));
  const instructor = await learnerCookie(a);
  const started = await postJson(a, ENDPOINTS.labClasses, { flow: authorizationCode.slug }, { cookie: instructor });
  const { code, secret, watch: token } = (await started.json()) as { code: string; secret: string; watch: string };
  const watch = eventReader(await get(a, `${ENDPOINTS.labClassEvents}?code=${code}&role=instructor&watch=${token}`, { cookie: instructor }));

  // The learner's cookie was issued by B; the store is shared, so A knows it too.
  const learner = await learnerCookie(b);
  const follower = eventReader(await get(b, `${ENDPOINTS.labClassEvents}?code=${code}`, { cookie: learner }));
  expect((await follower.until('state')).data).toMatchObject({ code, step: 0 });

  let count = -1;
  while (count !== 1) count = ((await watch.until('learners')).data as { count: number }).count;

  const step = await postJson(a, ENDPOINTS.labClassInstructor, { code, secret, action: 'step', step: questionAt }, { cookie: instructor });
  expect(step.status).toBe(200);
  expect((await follower.until('state')).data).toMatchObject({ step: questionAt, revealed: false });

  expect((await postJson(b, ENDPOINTS.labClassAnswer, { code, step: questionAt, option: 0 }, { cookie: learner })).status).toBe(200);
  let answers = 0;
  while (answers !== 1) answers = ((await watch.until('tally')).data as { answers: number }).answers;

  // B refuses the instructor's command without the secret, just as A would.
  expect((await postJson(b, ENDPOINTS.labClassInstructor, { code, action: 'reveal' }, { cookie: learner })).status).toBe(403);
  expect((await postJson(b, ENDPOINTS.labClassInstructor, { code, secret, action: 'reveal' }, { cookie: instructor })).status).toBe(200);
  expect((await follower.until('state')).data).toMatchObject({ step: questionAt, revealed: true });

  expect((await postJson(a, ENDPOINTS.labClassInstructor, { code, secret, action: 'end' }, { cookie: instructor })).status).toBe(204);
  expect((await follower.until('ended')).data).toEqual({ code });
  expect((await get(b, `${ENDPOINTS.labClass}?code=${code}`, { cookie: learner })).status).toBe(404);
  await watch.cancel().catch(() => undefined);
});
