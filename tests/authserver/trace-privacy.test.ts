/**
 * The trace shows a learner their own flow and nobody else's: the shared `public` namespace keeps
 * no trace, and passwords and client secrets are masked when recorded, also in the owner's trace.
 */
import { describe, expect, it } from 'vitest';
import type { CheckEvent, ExchangeEvent, TraceEvent } from '../../src/trace/events';
import { readLog } from '../../src/authserver/store/log';
import {
  authorizeUrl,
  basic,
  exchangeWebAppCode,
  get,
  learnerCookie,
  newServer,
  obtainCode,
  postForm,
  submitDeviceForm,
  readJson,
  webApp,
  webAppAuthorization,
} from './helpers';

async function readTrace(server: ReturnType<typeof newServer>, cookie?: string): Promise<{ text: string; events: TraceEvent[] }> {
  const response = await get(server, '/oauth/lab/trace?after=0', cookie ? { cookie } : {});
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, events: (JSON.parse(text) as { events: TraceEvent[] }).events };
}

/** A learner's full authorization code flow: consent with a password, code, tokens, refresh with client_secret_post. */
async function runLearnerFlow(server: ReturnType<typeof newServer>, cookie: string) {
  const code = await obtainCode(server, webAppAuthorization(), { cookie });
  const tokens = await readJson(await exchangeWebAppCode(server, code, { cookie }));
  const refreshed = await readJson(
    await postForm(
      server,
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, client_id: webApp.client_id, client_secret: webApp.secret },
      { cookie },
    ),
  );
  const device = await readJson(await postForm(server, '/oauth/device_authorization', { client_id: 'tv-device', scope: 'profile' }, { cookie }));
  const approved = await submitDeviceForm(
    server,
    { user_code: device.user_code as string, username: 'bob', password: 'builder', decision: 'approve' },
    { cookie },
  );
  expect(approved.status).toBe(200);
  return {
    code,
    secrets: [
      code,
      tokens.access_token as string,
      tokens.refresh_token as string,
      refreshed.access_token as string,
      refreshed.refresh_token as string,
      device.device_code as string,
    ],
  };
}

const PASSWORDS_AND_SECRETS = ['wonderland', 'builder', webApp.secret, basic(webApp.client_id, webApp.secret).slice('Basic '.length)];

describe('private traces', () => {
  it('a cookie-less client never reads a code, token or password it did not send', async () => {
    const server = newServer();
    const learner = await learnerCookie(server);
    const { secrets } = await runLearnerFlow(server, learner);
    // Another cookie-less client runs its own flow in the shared namespace, then reads the trace.
    const publicCode = await obtainCode(server, webAppAuthorization());
    expect((await exchangeWebAppCode(server, publicCode)).status).toBe(200);

    const reader = await readTrace(server);
    expect(reader.events).toEqual([]);
    for (const value of [...secrets, ...PASSWORDS_AND_SECRETS, publicCode]) expect(reader.text).not.toContain(value);
    // The learner's own trace still has the learner's flow.
    const own = await readTrace(server, learner);
    expect(own.text).toContain(secrets[0]);
    expect(own.text).toContain(secrets[1]);
  });

  it('records no trace for the public namespace at all', async () => {
    const server = newServer();
    await get(server, '/oauth/jwks');
    await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, { headers: { authorization: basic('reporting-service', 'reporting-service-secret') } });
    expect(await readLog(server.store, 'public', 'trace')).toEqual({ items: [], last: 0 });
    expect(await readTrace(server)).toMatchObject({ events: [] });
  });

  it('never records a password or client secret, not even in the owner’s trace, but shows that one was sent', async () => {
    const server = newServer();
    const learner = await learnerCookie(server);
    await runLearnerFlow(server, learner);
    // Secrets where they do not belong are masked too: in a query string and in a JSON body.
    await get(server, `${authorizeUrl(webAppAuthorization())}&password=wonderland`, { cookie: learner });
    await server.handle(
      new Request('http://lab.test/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: learner },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'web-app', client_secret: webApp.secret }),
      }),
    );
    const { text, events } = await readTrace(server, learner);
    for (const value of PASSWORDS_AND_SECRETS) expect(text).not.toContain(value);

    const exchanges = events.filter((e): e is ExchangeEvent => e.type === 'exchange');
    const consent = exchanges.find((e) => e.request.method === 'POST' && e.request.url.endsWith('/oauth/authorize'))!;
    expect(consent.request.body).toContain('username=alice');
    expect(consent.request.body).toContain('password=••••••(10 characters)');
    const basicExchange = exchanges.find((e) => e.request.headers.authorization?.startsWith('Basic'))!;
    const credentials = basic(webApp.client_id, webApp.secret).slice('Basic '.length);
    expect(basicExchange.request.headers.authorization).toBe(`Basic ••••••(${credentials.length} characters)`);
    const post = exchanges.find((e) => e.request.body?.includes('grant_type=refresh_token'))!;
    expect(post.request.body).toContain(`client_secret=••••••(${webApp.secret.length} characters)`);
    expect(post.request.body).toContain('client_id=web-app');
    const query = exchanges.find((e) => e.request.url.includes('password='))!;
    expect(query.request.url).toContain('password=••••••(10 characters)');
    const json = exchanges.find((e) => e.request.body?.startsWith('{'))!;
    expect(JSON.parse(json.request.body!)).toMatchObject({ client_id: 'web-app', client_secret: `••••••(${webApp.secret.length} characters)` });

    const checks = events.filter((e): e is CheckEvent => e.type === 'check');
    const signIns = checks.filter((c) => c.name === checks.find((d) => 'password' in d.inputs)?.name);
    expect(signIns.map((c) => c.inputs)).toEqual([
      { username: 'alice', password: '••••••(10 characters)' },
      { username: 'bob', password: '••••••(7 characters)' },
    ]);
    const clientAuth = checks.filter((c) => c.name === 'client authentication' && c.inputs.method !== 'none');
    expect(clientAuth.length).toBeGreaterThan(0);
    for (const check of clientAuth) expect(check.inputs.client_secret).toBe(`••••••(${webApp.secret.length} characters)`);
  });
});
