// Benchmark (not a test): N simulated learners run the authorization code flow with PKCE,
// a bearer API call and a refresh against the authorization server in-process.
// Prints requests per second, peak heap, and how many entries and bytes the store holds at the end.
//
//   npm run bench                 # 500 learners, 50 at a time
//   npm run bench -- 2000 100     # 2000 learners, 100 at a time
import { build } from 'esbuild';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const learners = Number(process.argv[2] ?? 500);
const concurrency = Number(process.argv[3] ?? 50);
const ORIGIN = 'http://bench.test';

// The server is TypeScript; bundle it with its seed and path table (dependencies stay external) so
// plain Node can run it. The demo client, user, grant types and paths come from there, never retyped.
const outdir = join('node_modules', '.cache', 'osl-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'authserver.mjs');
await build({
  stdin: {
    contents: [
      "export { createAuthServer } from './src/authserver/index.ts';",
      "export { CLIENT_PAGES, ENDPOINTS } from './src/authserver/paths.ts';",
      "export { CLIENTS, GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, USERS } from './src/authserver/seed.ts';",
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
const { createAuthServer, CLIENT_PAGES, ENDPOINTS, CLIENTS, GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, USERS } = await import(
  pathToFileURL(outfile).href
);
const server = createAuthServer();
const CALLBACK = `${ORIGIN}${CLIENT_PAGES.callback}`;
/** The public single-page app client (PKCE) and the demo user, as seeded. */
const spa = CLIENTS.find((client) => client.client_id === 'spa');
const [user] = USERS;

let requests = 0;
let peakHeap = 0;
let finished = 0;
function sampleHeap() {
  // Reading heap statistics is not free: sample every 20th learner.
  if (++finished % 20 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

async function send(path, { method = 'GET', cookie, form, headers = {} } = {}) {
  requests++;
  const response = await server.handle(
    new Request(new URL(path, ORIGIN), {
      method,
      headers: {
        cookie,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    }),
  );
  return response;
}

async function learner() {
  // The learner id is the server's: its first lab request issues one, as in the walk-through.
  const cookie = (await send('/oauth/lab/trace')).headers.get('set-cookie').split(';')[0];
  const code_verifier = randomBytes(32).toString('base64url');
  const code_challenge = createHash('sha256').update(code_verifier).digest('base64url');
  const params = {
    response_type: 'code',
    client_id: spa.client_id,
    redirect_uri: CALLBACK,
    scope: 'profile photos.read',
    state: randomBytes(8).toString('hex'),
    code_challenge,
    code_challenge_method: 'S256',
  };
  const page = await send(`${ENDPOINTS.authorize}?${new URLSearchParams(params)}`, { cookie });
  // The consent form's single-use anti-CSRF token (RFC 6749 §10.12).
  const csrf_token = /name="csrf_token" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const approved = await send(ENDPOINTS.authorize, {
    method: 'POST',
    cookie,
    form: { ...params, csrf_token, username: user.username, password: user.password, decision: 'approve', consent_scope: 'profile' },
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  const code = new URL(approved.headers.get('location')).searchParams.get('code');
  const tokens = await (
    await send(ENDPOINTS.token, {
      method: 'POST',
      cookie,
      form: { grant_type: GRANT_AUTHORIZATION_CODE, code, redirect_uri: CALLBACK, client_id: spa.client_id, code_verifier },
    })
  ).json();
  if (!tokens.access_token) throw new Error(`token request failed: ${JSON.stringify(tokens)}`);
  const me = await send(ENDPOINTS.apiMe, { cookie, headers: { authorization: `Bearer ${tokens.access_token}` } });
  if (me.status !== 200) throw new Error(`API answered ${me.status}`);
  await me.text();
  const refreshed = await send(ENDPOINTS.token, {
    method: 'POST',
    cookie,
    form: { grant_type: GRANT_REFRESH_TOKEN, refresh_token: tokens.refresh_token, client_id: spa.client_id },
  });
  if (refreshed.status !== 200) throw new Error(`refresh answered ${refreshed.status}`);
  await refreshed.text();
  sampleHeap();
}

// Warm up (key generation, JIT), then measure.
await learner();
requests = 0;
const started = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, learners) }, async () => {
    while (next < learners) {
      next++;
      await learner();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

console.log(`learners:        ${learners} (${concurrency} concurrent)`);
console.log(`requests:        ${requests} in ${seconds.toFixed(2)} s`);
console.log(`requests/s:      ${Math.round(requests / seconds)}`);
console.log(`peak heap:       ${(peakHeap / 1024 / 1024).toFixed(1)} MB`);
console.log(`heap per learner: ${(peakHeap / 1024 / learners).toFixed(1)} kB (peak heap / learners)`);
console.log(`requests per learner: ${(requests / learners).toFixed(1)}`);
const stats = server.store.stats();
console.log(`store:           ${stats.entries} entries, ${(stats.bytes / 1024 / 1024).toFixed(1)} MB counted, in ${stats.namespaces} namespaces`);
