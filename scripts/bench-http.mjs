// Benchmark (not a test): the production server (run `npm run build` first) over real HTTP on 127.0.0.1,
// each server in its own process, the load generated here. Prints, in one run:
//   1. the token endpoint (client_credentials, Basic auth, signed JWTs) against oidc-provider, and the ratios: against
//      oidc-provider signing its JWT access tokens with ES256 as ours do (like for like), with RS256 (its default), and
//      issuing its default opaque tokens; beside them the machine's floor (`bench-floor.mjs`: node:http that only signs
//      and answers the same bytes). Interleaved rounds, medians: the machine is shared and its speed drifts;
//   2. 500 learners through code + PKCE, an API call and a refresh (after 200 to warm up): latency p50/p95/p99, errors, RSS,
//      and how long the in-memory server itself held each request, with its CPU time per request;
//   1 and 2 with the in-memory store and with Redis (two node:cluster workers on one redis-server), side by side;
//   3. a soak (100,000 token requests and 5,000 learners): RSS and the store's byte accounting before and after.
// Ports 4365–4371 (BENCH_HTTP_PORT moves them: that port and the six after it). Targets (printed, not
// asserted): ratio ≥ 1.5, p95 ≤ 50 ms, RSS < 300 MB after the soak.
//
//   npm run bench:http
//   BENCH_HTTP_PARTS=token,learners BENCH_TOKEN_ROUNDS=2 BENCH_LEARNERS=200 npm run bench:http   # a quicker look at some parts
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { Agent, request } from 'undici';
import { percentiles } from './percentile.mjs';
import { SERVER_NODE_FLAGS } from './server-flags.mjs';

if (!existsSync(join('dist', 'server', 'serve.mjs'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}
const SOAK_TOKENS = Number(process.env.BENCH_SOAK_TOKENS ?? 100_000);
const SOAK_LEARNERS = Number(process.env.BENCH_SOAK_LEARNERS ?? 5_000);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 500);
const LEARNER_CONCURRENCY = 100;
/** Each token server gets TOKEN_ROUNDS runs of TOKEN_SECONDS, in turn with the others. */
const TOKEN_SECONDS = Number(process.env.BENCH_TOKEN_SECONDS ?? 4);
const TOKEN_ROUNDS = Number(process.env.BENCH_TOKEN_ROUNDS ?? 5);
/** Which parts to run (1 token, 2 learners, 3 soak), all by default. */
const PARTS = new Set((process.env.BENCH_HTTP_PARTS ?? 'token,learners,soak').split(','));
const BASE_PORT = Number(process.env.BENCH_HTTP_PORT ?? 4365);
const [REDIS_PORT, PORT_MEMORY, PORT_REDIS, PORT_OIDC, PORT_OIDC_OPAQUE, PORT_OIDC_ES256, PORT_FLOOR] = [0, 1, 2, 4, 3, 5, 6].map((offset) => BASE_PORT + offset);

// The demo clients, user and paths come from the server's own tables, never retyped.
const outdir = join('node_modules', '.cache', 'osl-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'seed.mjs');
await build({
  stdin: {
    contents: [
      "export { CLIENT_PAGES, ENDPOINTS } from './src/authserver/paths.ts';",
      "export { CLIENTS, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_REFRESH_TOKEN, USERS } from './src/authserver/seed.ts';",
      "export { startRedisServer } from './tests/authserver/redis-server.ts';",
    ].join('\n'),
    resolveDir: '.',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  outfile,
  logLevel: 'error',
});
const { CLIENT_PAGES, ENDPOINTS, CLIENTS, GRANT_AUTHORIZATION_CODE, GRANT_CLIENT_CREDENTIALS, GRANT_REFRESH_TOKEN, USERS, startRedisServer } =
  await import(pathToFileURL(outfile).href);
const service = CLIENTS.find((client) => client.grant_types.includes(GRANT_CLIENT_CREDENTIALS));
const spa = CLIENTS.find((client) => client.client_id === 'spa');
const [user] = USERS;
const serviceAuth = `Basic ${Buffer.from(`${service.client_id}:${service.client_secret}`).toString('base64')}`;
const serviceScope = service.scopes.join(' ');

/** Starts a child process (ours with the production server's Node flags) and resolves once it prints that it listens (`workers` times for a cluster). */
function start(script, env, workers = 1, execArgv = SERVER_NODE_FLAGS) {
  const child = fork(script, { env: { ...process.env, HOST: '127.0.0.1', ...env }, execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  let listening = 0;
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      listening += chunk.toString().split('listening').length - 1;
      if (listening >= workers) resolve(child);
    });
    child.once('exit', (code, signal) => {
      if (listening < workers) reject(new Error(`${script} exited with ${signal ?? code}`));
      else if (!child.stopping) console.error(`   ${script} on port ${env.PORT} exited early (${signal ?? `code ${code}`}): the figures after this are void`);
    });
  });
}
function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.stopping = true;
  return new Promise((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')));
}
/** Asks the instance (`bench-instance.mjs`) over IPC: 'stats' (RSS, heap, store), 'mark' or 'served'. */
function ask(child, question) {
  return new Promise((resolve) => (child.once('message', resolve), child.send(question)));
}
const stats = (child) => ask(child, 'stats');

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const describeStats = ({ rss, heap, store }) =>
  `RSS ${mb(rss)}${heap ? ` (V8 heap ${mb(heap.used)} used of ${mb(heap.total)}, ${mb(heap.external)} outside it)` : ''}${store ? `; store ${store.entries} entries, ${mb(store.bytes)} counted, ${store.namespaces} namespaces` : ''}`;

/** What the token endpoint at `origin` issues: "RS256 JWT" (by its header) or "opaque". */
async function accessTokenFormat(origin, path) {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { authorization: serviceAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: GRANT_CLIENT_CREDENTIALS, scope: serviceScope }),
  });
  const { access_token: token = '' } = await response.json();
  try {
    const [header, claims] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    return claims && typeof claims === 'object' ? `${header.alg} JWT` : 'opaque';
  } catch {
    return 'opaque';
  }
}

async function tokenLoad(origin, path, extra = {}) {
  const result = await autocannon({
    url: `${origin}${path}`,
    method: 'POST',
    connections: 50,
    // A fixed number of requests (the soak), else TOKEN_SECONDS.
    ...(extra.amount ? {} : { duration: TOKEN_SECONDS }),
    headers: { authorization: serviceAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: GRANT_CLIENT_CREDENTIALS, scope: serviceScope }).toString(),
    ...extra,
  });
  const non2xx = result.non2xx + result.errors;
  return { rps: result.requests.average, total: result.requests.total, non2xx, p99: result.latency.p99 };
}

/**
 * The learners' HTTP client: undici's `request` on one keep-alive pool. The learners run in this
 * process, on the same two cores as the server they measure; `fetch` (the same undici under a
 * WHATWG Request, Headers and body stream for every call) cost them twice the CPU, which the
 * server's latency then paid for. The bodies are decompressed as a browser would.
 */
const learnerAgent = new Agent({ keepAliveTimeout: 10_000 });
async function learnerRequest(url, { method, headers, body }) {
  const { statusCode, headers: received, body: stream } = await request(url, {
    method,
    headers: { 'accept-encoding': 'br, gzip', ...headers },
    body,
    dispatcher: learnerAgent,
  });
  const bytes = Buffer.from(await stream.arrayBuffer());
  const coding = received['content-encoding'];
  const text = (coding === 'br' ? brotliDecompressSync(bytes) : coding === 'gzip' ? gunzipSync(bytes) : bytes).toString();
  const header = (name) => [received[name] ?? []].flat().join(', ') || null;
  return { response: { status: statusCode, headers: { get: header } }, text };
}

/** One learner through the full flow over HTTP; latencies in ms. */
async function learner(origin, latencies) {
  const send = async (path, { method = 'GET', cookie, form, headers = {} } = {}) => {
    const started = performance.now();
    const answer = await learnerRequest(`${origin}${path}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    latencies.push(performance.now() - started);
    return answer;
  };
  const first = await send(`${ENDPOINTS.labTrace}?after=0`);
  const cookie = first.response.headers.get('set-cookie').split(';')[0];
  const code_verifier = randomBytes(32).toString('base64url');
  const params = {
    response_type: 'code',
    client_id: spa.client_id,
    redirect_uri: `${origin}${CLIENT_PAGES.callback}`,
    scope: 'profile photos.read',
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(code_verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  const page = await send(`${ENDPOINTS.authorize}?${new URLSearchParams(params)}`, { cookie });
  const csrf_token = /name="csrf_token" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const approved = await send(ENDPOINTS.authorize, {
    method: 'POST',
    cookie,
    form: { ...params, csrf_token, username: user.username, password: user.password, decision: 'approve', consent_scope: 'profile' },
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  const code = new URL(approved.response.headers.get('location')).searchParams.get('code');
  if (!code) throw new Error(`authorize answered ${approved.response.status}`);
  const tokens = JSON.parse(
    (await send(ENDPOINTS.token, {
      method: 'POST',
      cookie,
      form: { grant_type: GRANT_AUTHORIZATION_CODE, code, redirect_uri: params.redirect_uri, client_id: spa.client_id, code_verifier },
    })).text,
  );
  if (!tokens.access_token) throw new Error(`token request failed: ${JSON.stringify(tokens)}`);
  const me = await send(ENDPOINTS.apiMe, { cookie, headers: { authorization: `Bearer ${tokens.access_token}` } });
  if (me.response.status !== 200) throw new Error(`API answered ${me.response.status}`);
  // No cross-learner leak: the profile is the signed-in user's, the trace holds this learner's code only.
  const refreshed = await send(ENDPOINTS.token, {
    method: 'POST',
    cookie,
    form: { grant_type: GRANT_REFRESH_TOKEN, refresh_token: tokens.refresh_token, client_id: spa.client_id },
  });
  if (refreshed.response.status !== 200) throw new Error(`refresh answered ${refreshed.response.status}`);
  const trace = await send(`${ENDPOINTS.labTrace}?after=0`, { cookie });
  const codes = [...trace.text.matchAll(/code=([A-Za-z0-9_-]{20,})/g)].map((m) => m[1]);
  if (codes.some((seen) => seen !== code)) throw new Error('a trace shows another learner’s code');
  return code;
}

async function learners(origin, count, concurrency) {
  const latencies = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        await learner(origin, latencies).catch((reason) => {
          errors++;
          if (errors <= 3) console.error(`  learner failed: ${reason.message}`);
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const [p50, p95, p99] = percentiles(latencies, [0.5, 0.95, 0.99]).map((ms) => ms?.toFixed(1));
  return { errors, requests: latencies.length, seconds, p50, p95, p99 };
}

const redis = await startRedisServer([REDIS_PORT]);
const children = [];
try {
  const peer = (port, format) =>
    start('scripts/bench-oidc-provider.mjs', {
      PORT: String(port),
      BENCH_ACCESS_TOKEN_FORMAT: format,
      BENCH_CLIENT: JSON.stringify({ client_id: service.client_id, client_secret: service.client_secret, scope: serviceScope }),
    }, 1, []);
  const oidc = await peer(PORT_OIDC, 'jwt');
  children.push(oidc);
  const oidcOpaque = await peer(PORT_OIDC_OPAQUE, 'opaque');
  children.push(oidcOpaque);
  const oidcEs256 = await peer(PORT_OIDC_ES256, 'jwt-es256');
  children.push(oidcEs256);
  const memory = await start('scripts/bench-instance.mjs', { PORT: String(PORT_MEMORY) });
  children.push(memory);
  // Two instances on one Redis: two node:cluster workers behind one port, taking connections in turn.
  const redisCluster = await start('dist/server/serve.mjs', { PORT: String(PORT_REDIS), REDIS_URL: redis.url, WEB_CONCURRENCY: '2' }, 2);
  children.push(redisCluster);
  const [memoryOrigin, redisOrigin] = [PORT_MEMORY, PORT_REDIS].map((port) => `http://127.0.0.1:${port}`);
  // The floor answers with our token response's headers and body length.
  const sample = await fetch(`${memoryOrigin}${ENDPOINTS.token}`, {
    method: 'POST',
    headers: { authorization: serviceAuth, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: GRANT_CLIENT_CREDENTIALS, scope: serviceScope }),
  });
  const sampleHeaders = Object.fromEntries([...sample.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)));
  const floor = await start('scripts/bench-floor.mjs', {
    PORT: String(PORT_FLOOR),
    BENCH_RESPONSE_BYTES: String((await sample.arrayBuffer()).byteLength),
    BENCH_RESPONSE_HEADERS: JSON.stringify(sampleHeaders),
  }, 1, []);
  children.push(floor);
  for (const origin of [memoryOrigin, redisOrigin, `http://127.0.0.1:${PORT_FLOOR}`]) await tokenLoad(origin, ENDPOINTS.token, { duration: 2 });

  // Warm-up, at the measured concurrency: key loading, JIT, the learners' hundred connections.
  for (const origin of [memoryOrigin, redisOrigin]) await learners(origin, 200, LEARNER_CONCURRENCY);
  for (const port of [PORT_OIDC, PORT_OIDC_OPAQUE, PORT_OIDC_ES256]) await tokenLoad(`http://127.0.0.1:${port}`, '/token', { duration: 2 });
  // Say what each really issues: a JWT has three base64url parts, the second one JSON claims.
  const formats = await Promise.all(
    [memoryOrigin, `http://127.0.0.1:${PORT_OIDC}`, `http://127.0.0.1:${PORT_OIDC_OPAQUE}`, `http://127.0.0.1:${PORT_OIDC_ES256}`].map((origin) =>
      accessTokenFormat(origin, origin === memoryOrigin ? ENDPOINTS.token : '/token'),
    ),
  );

  if (PARTS.has('token')) {
    console.log(`\n1. Token endpoint: client_credentials, Basic auth, JWT access tokens; 50 connections; ${TOKEN_ROUNDS} rounds of ${TOKEN_SECONDS} s each, in turn`);
    const subjects = {
      theirsEs256: { name: `oidc-provider, ${formats[3]} access tokens`, origin: `http://127.0.0.1:${PORT_OIDC_ES256}`, path: '/token' },
      theirs: { name: `oidc-provider, ${formats[1]} access tokens`, origin: `http://127.0.0.1:${PORT_OIDC}`, path: '/token' },
      theirsOpaque: { name: `oidc-provider, ${formats[2]} access tokens`, origin: `http://127.0.0.1:${PORT_OIDC_OPAQUE}`, path: '/token' },
      oursMemory: { name: `ours, in-memory store, ${formats[0]}`, origin: memoryOrigin, path: ENDPOINTS.token },
      oursRedis: { name: `ours, Redis, two workers, ${formats[0]}`, origin: redisOrigin, path: ENDPOINTS.token },
      floor: { name: 'floor: node:http, one ES256 signature', origin: `http://127.0.0.1:${PORT_FLOOR}`, path: ENDPOINTS.token },
    };
    const runs = Object.fromEntries(Object.keys(subjects).map((key) => [key, []]));
    for (let round = 0; round < TOKEN_ROUNDS; round++) {
      for (const [key, { origin, path }] of Object.entries(subjects)) runs[key].push(await tokenLoad(origin, path));
    }
    const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
    for (const [key, { name }] of Object.entries(subjects)) {
      const rounds = runs[key];
      const rps = median(rounds.map((r) => r.rps));
      const bad = rounds.reduce((sum, r) => sum + r.non2xx, 0);
      console.log(`   ${name.padEnd(40)} ${String(Math.round(rps)).padStart(6)} req/s (rounds ${rounds.map((r) => Math.round(r.rps)).join(', ')})  p99 ${median(rounds.map((r) => r.p99))} ms  non-2xx/errors ${bad}`);
    }
    /** The median over the rounds of ours/theirs in each round. */
    const ratio = (ours, peer) => median(runs[ours].map((r, i) => r.rps / runs[peer][i].rps)).toFixed(2);
    const ratios = (peer) => `${ratio('oursMemory', peer)}× in memory, ${ratio('oursRedis', peer)}× with Redis`;
    console.log(`   ratio ours/oidc-provider, both signing ES256 JWTs (like for like): ${ratios('theirsEs256')} (target ≥ 1.5×)`);
    console.log(`   ratio ours/oidc-provider signing RS256 JWTs (its default algorithm): ${ratios('theirs')}`);
    console.log(`   ratio ours/oidc-provider issuing its default opaque tokens (no signature): ${ratios('theirsOpaque')}`);
    console.log(`   the floor, as a multiple of oidc-provider ES256: ${ratio('floor', 'theirsEs256')}× (a server that only signs and sends these bytes over node:http); ours in memory reaches ${ratio('oursMemory', 'floor')} of it`);
  }
  await Promise.all([stop(oidc), stop(oidcOpaque), stop(oidcEs256), stop(floor)]);

  if (PARTS.has('learners')) {
    console.log(`\n2. ${LEARNERS} learners over HTTP (code + PKCE, API call, refresh, trace), ${LEARNER_CONCURRENCY} at a time`);
    const printLearners = (name, r, after) =>
      console.log(`   ${name.padEnd(34)} errors ${r.errors}, ${r.requests} requests in ${r.seconds.toFixed(1)} s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms; ${after}`);
    await ask(memory, 'mark');
    printLearners('in-memory store', await learners(memoryOrigin, LEARNERS, LEARNER_CONCURRENCY), describeStats(await stats(memory)));
    const held = await ask(memory, 'served');
    console.log(`   ${''.padEnd(34)} of which the server held each request (read to sent) p50 ${held.p50.toFixed(1)} ms, p95 ${held.p95.toFixed(1)} ms, p99 ${held.p99.toFixed(1)} ms,`);
    console.log(`   ${''.padEnd(34)} at ${Math.round(held.cpuMicrosPerRequest)} µs of its CPU per request; the rest is waiting, mostly to be read behind the other learners' requests`);
    const twoInstances = await learners(redisOrigin, LEARNERS, LEARNER_CONCURRENCY);
    const client = new Redis(redis.url);
    const usedMemory = /used_memory:(\d+)/.exec(await client.info('memory'))?.[1];
    await client.quit();
    printLearners('Redis, two workers', twoInstances, `Redis used_memory ${mb(Number(usedMemory))}`);
    console.log('   (targets: 0 errors, p95 ≤ 50 ms; with Redis no cross-learner leak, checked on every trace)');
  }

  if (PARTS.has('soak')) {
    console.log(`\n3. Soak, in-memory store: ${SOAK_TOKENS} token requests and ${SOAK_LEARNERS} learners`);
    console.log(`   before: ${describeStats(await stats(memory))}`);
    const soakTokens = await tokenLoad(memoryOrigin, ENDPOINTS.token, { amount: SOAK_TOKENS });
    console.log(`   ${soakTokens.total} token requests at ${Math.round(soakTokens.rps)} req/s, non-2xx/errors ${soakTokens.non2xx}`);
    const soakLearners = await learners(memoryOrigin, SOAK_LEARNERS, LEARNER_CONCURRENCY);
    console.log(`   ${SOAK_LEARNERS} learners: errors ${soakLearners.errors}, p95 ${soakLearners.p95} ms`);
    console.log(`   after:  ${describeStats(await stats(memory))} (target RSS < 300 MB)`);
  }
} finally {
  await Promise.all(children.map(stop));
  await redis.stop();
  await learnerAgent.close();
}
