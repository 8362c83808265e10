import { defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

const PORT = Number(process.env.E2E_PORT ?? 4329);
/** The production build to serve; `npm run build` writes `dist/`. */
const DIST = process.env.E2E_DIST ?? 'dist';
const baseURL = `http://localhost:${PORT}`;

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
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: {
    // Serves the production build made by `npm run build`, through the site's own Node server (`npm run preview`).
    command: `node ./${DIST}/server/serve.mjs`,
    env: { PORT: String(PORT), HOST: '127.0.0.1' },
    url: `${baseURL}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
