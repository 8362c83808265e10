// Runs every test: a type-check (astro sync, then tsc), unit tests (Vitest), a production build, the static
// builds (at the root and below a sub-path), then browser journeys (Playwright).
// Ends with one summary line, "tests: N passed, N failed", and a non-zero exit on any failure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'osl-test-'));
const vitestJson = join(out, 'vitest.json');
const playwrightJson = join(out, 'playwright.json');

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

const bin = (name) => join('node_modules', '.bin', name);
let ok = true;
// `astro sync` writes the content collection types `tsc` reads; a type error fails the run like a failed test.
const typed = run('types', bin('astro'), ['sync']) && run('type-check', bin('tsc'), ['--noEmit', '-p', '.']);
ok = typed && ok;
ok = run('unit tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]) && ok;
const staticBuild = ['build', '--config', 'astro.static.config.mjs'];
const built =
  run('build', bin('astro'), ['build']) &&
  run('static build', bin('astro'), staticBuild) &&
  run('static build below a sub-path', bin('astro'), staticBuild, { BASE_PATH: '/oauth-lab/', STATIC_OUT: 'dist/static-oauth-lab' });
ok = built && ok;
if (built) ok = run('browser tests', bin('playwright'), ['test'], { PW_JSON_OUTPUT: playwrightJson }) && ok;

let passed = 0;
let failed = 0;
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += v.numPassedTests ?? 0;
  failed += (v.numFailedTests ?? 0) + (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(playwrightJson)) {
  const p = JSON.parse(readFileSync(playwrightJson, 'utf8'));
  passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
  failed += (p.stats?.unexpected ?? 0) + (p.stats?.skipped ?? 0);
}
if (!ok && failed === 0) failed = 1; // a step failed without reporting tests (build error, crash)
if (passed === 0) {
  console.log('No test ran.');
  failed = Math.max(failed, 1);
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
