import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4329);
/** The production build to serve; `npm run build` writes `dist/`. */
const DIST = process.env.E2E_DIST ?? 'dist';
const baseURL = `http://localhost:${PORT}`;
/**
 * The static site (`npm run build:static`) under a plain static file server, at the root and below a
 * sub-path (`BASE_PATH=/oauth-lab/ STATIC_OUT=dist/static-oauth-lab npm run build:static`).
 */
const STATIC_PORT = Number(process.env.E2E_STATIC_PORT ?? PORT + 1);
const SUBPATH_PORT = Number(process.env.E2E_SUBPATH_PORT ?? PORT + 2);
const SUBPATH = '/oauth-lab/';
// By file name only: Playwright matches the absolute path, which may itself hold `static-`.
const STATIC_SPECS = /(?:^|[\\/])static-[^\\/]*\.spec\.ts$/;

/**
 * Debian's Chromium when it is installed (machines that cannot download Playwright's browsers),
 * Playwright's own browser otherwise (`npx playwright install chromium`).
 */
const systemChromium = '/usr/bin/chromium';
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    }
  : {};

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: process.env.PW_JSON_OUTPUT ? [['list'], ['json', { outputFile: process.env.PW_JSON_OUTPUT }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions,
  },
  projects: [
    { name: 'chromium', testIgnore: STATIC_SPECS, use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'static', testMatch: STATIC_SPECS, use: { ...devices['Desktop Chrome'], launchOptions, baseURL: `http://localhost:${STATIC_PORT}/` } },
    {
      // One run below a sub-path: a journey and the server page, every URL with the base in front.
      name: 'static-subpath',
      testMatch: STATIC_SPECS,
      grep: /Authorization Code|\/server\//,
      use: { ...devices['Desktop Chrome'], launchOptions, baseURL: `http://localhost:${SUBPATH_PORT}${SUBPATH}` },
    },
  ],
  webServer: [
    {
      // Serves the production build made by `npm run build`, through the site's own Node server (`npm run preview`).
      command: `node ./${DIST}/server/serve.mjs`,
      env: { PORT: String(PORT), HOST: '127.0.0.1' },
      url: `${baseURL}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: 'node scripts/serve-static.mjs dist/static',
      env: { PORT: String(STATIC_PORT), HOST: '127.0.0.1' },
      url: `http://localhost:${STATIC_PORT}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      command: 'node scripts/serve-static.mjs dist/static-oauth-lab',
      env: { PORT: String(SUBPATH_PORT), HOST: '127.0.0.1', BASE_PATH: SUBPATH },
      url: `http://localhost:${SUBPATH_PORT}${SUBPATH}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
