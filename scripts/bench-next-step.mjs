// Benchmark (not a test): how long "Next step" takes in Chromium, from the production build in dist/
// (run `npm run build` first). It starts the production server, opens a few flow pages and presses
// Next step through each flow many times (Reset between runs). Each press is timed in the page, with
// performance.now(), from the click to the paint of the frame that shows the step as done ("Step n of N",
// drawn in the same render as the Inspector's new entries). Prints p50/p95 by kind of step (back channel,
// front channel, in the app) and by flow, with the part the step's fetches took (p50).
// Target (printed, not asserted): p95 ≤ 50 ms for back-channel steps.
//
//   npm run bench:next-step         BENCH_NEXT_STEP_RUNS=20 BENCH_NEXT_STEP_PORT=4364 BENCH_NEXT_STEP_FLOWS=pkce,…
import { build } from 'esbuild';
import { fork } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { percentile } from './percentile.mjs';
import { SERVER_NODE_FLAGS } from './server-flags.mjs';

if (!existsSync(join('dist', 'server', 'serve.mjs'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}
const RUNS = Number(process.env.BENCH_NEXT_STEP_RUNS ?? 20);
const PORT = Number(process.env.BENCH_NEXT_STEP_PORT ?? 4364);
const FLOWS = (process.env.BENCH_NEXT_STEP_FLOWS ?? 'client-credentials,authorization-code,pkce,refresh-token').split(',');
const TARGET_BACK_P95_MS = 50;
const origin = `http://localhost:${PORT}`;

// The flow definitions and the walk-through's element contract come from the source, never retyped.
const outdir = join('node_modules', '.cache', 'osl-bench');
mkdirSync(outdir, { recursive: true });
const outfile = join(outdir, 'next-step.mjs');
await build({
  stdin: {
    contents: [
      "export { getFlow } from './src/flows/index.ts';",
      "export { actionSelector, elementSelector } from './src/walkthrough/walkthrough-elements.ts';",
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
const { getFlow, actionSelector, elementSelector } = await import(pathToFileURL(outfile).href);
const selectors = { count: elementSelector('count'), next: actionSelector('next'), reset: actionSelector('reset') };

/** Where a step runs: on the back channel (fetch to a server), the front channel (the browser frame), or in the app alone. */
const kindOf = (step) => (step.channel === 'back' ? 'back channel' : step.channel === 'front' ? 'front channel' : 'in the app');

function startServer() {
  const child = fork(join('dist', 'server', 'serve.mjs'), {
    execArgv: SERVER_NODE_FLAGS,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(PORT) },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('listening') && resolve(child));
    child.once('exit', (code, signal) => reject(new Error(`the server exited with ${signal ?? code}`)));
  });
}

/**
 * In the page: clicks Next step and resolves with the milliseconds until the frame painted after the
 * step counter reads `expected` (watched with a MutationObserver, so the figure is the page's own, not
 * the driver's), and how many of them the step's fetches took (Resource Timing).
 */
function pressNext(page, expected) {
  return page.evaluate(
    ({ selectors, expected }) =>
      new Promise((resolve, reject) => {
        const count = document.querySelector(selectors.count);
        const next = document.querySelector(selectors.next);
        if (!count || !next || next.disabled) return reject(new Error(`Next step is not available (at "${count?.textContent}")`));
        const root = next.closest('section') ?? document.body;
        const timer = setTimeout(() => reject(new Error(`no "${expected}" after 30 s (at "${count.textContent}")`)), 30_000);
        const observer = new MutationObserver(() => {
          if (count.textContent.trim() !== expected) return;
          observer.disconnect();
          clearTimeout(timer);
          // Until the frame that shows it is painted: a task queued from requestAnimationFrame runs after that paint.
          requestAnimationFrame(() =>
            setTimeout(() => {
              const elapsed = performance.now() - start;
              // The part spent waiting for the server: the fetches the step made (one after the other).
              const fetches = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'fetch' && e.startTime >= start);
              resolve({ elapsed, network: fetches.reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0) });
            }),
          );
        });
        observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
        performance.clearResourceTimings();
        const start = performance.now();
        next.click();
      }),
    { selectors, expected },
  );
}

/** Reset, then wait until the walk-through is back at its start and Next step is enabled. */
async function reset(page, total) {
  await page.click(selectors.reset);
  await page.waitForFunction(
    ({ selectors, expected }) => document.querySelector(selectors.count)?.textContent.trim() === expected && !document.querySelector(selectors.next)?.disabled,
    { selectors, expected: `Step 0 of ${total}` },
  );
}

const ms = (value) => `${value.toFixed(1)} ms`.padStart(9);

const server = await startServer();
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
/** Timings by kind of step, and by flow and kind. */
const byKind = new Map();
const byFlowKind = new Map();
const add = (map, key, value) => map.set(key, [...(map.get(key) ?? []), value]);
try {
  for (const slug of FLOWS) {
    const flow = getFlow(slug);
    const total = flow.steps.length;
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${origin}/flows/${slug}/`);
    await page.waitForFunction((selector) => document.querySelector(selector)?.disabled === false, selectors.next);
    // Run 0 warms up (the walk-through's chunk, the server's first requests) and is not counted.
    for (let run = 0; run <= RUNS; run++) {
      for (let index = 0; index < total; index++) {
        const timing = await pressNext(page, `Step ${index + 1} of ${total}`);
        if (run === 0) continue;
        const kind = kindOf(flow.steps[index]);
        add(byKind, kind, timing);
        add(byFlowKind, `${slug.padEnd(20)} ${kind}`, timing);
      }
      await reset(page, total);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
}

console.log(`Next step in Chromium, ${RUNS} runs of each flow (${FLOWS.join(', ')}), timed in the page from the click to the paint that shows the step done:`);
console.log('   kind of step                       presses      p50       p95   fetches p50');
const row = (name, timings) => {
  const [elapsed, network] = [timings.map((t) => t.elapsed), timings.map((t) => t.network)];
  console.log(`   ${name.padEnd(34)} ${String(timings.length).padStart(7)} ${ms(percentile(elapsed, 0.5))} ${ms(percentile(elapsed, 0.95))}    ${ms(percentile(network, 0.5))}`);
};
for (const [kind, values] of byKind) row(kind, values);
console.log('   by flow:');
for (const [name, values] of [...byFlowKind].sort(([a], [b]) => a.localeCompare(b))) row(name, values);
const back = (byKind.get('back channel') ?? []).map((t) => t.elapsed);
if (back.length) {
  const p95 = percentile(back, 0.95);
  console.log(`   back-channel p95 ${p95.toFixed(1)} ms, target ≤ ${TARGET_BACK_P95_MS} ms: ${p95 <= TARGET_BACK_P95_MS ? 'met' : 'not met'}`);
}
