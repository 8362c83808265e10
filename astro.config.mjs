// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { pagefindIntegration } from './src/integrations/pagefind.ts';

// Reading pages are prerendered (fast, indexable, work with JavaScript off);
// the toy authorization server and the lab's client pages are rendered on demand
// (`export const prerender = false`) by the Node adapter.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx(), pagefindIntegration()],
  // Code blocks (```http, ```json…) carry both a light and a dark palette; CSS picks one.
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-default' }, defaultColor: false },
  },
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: true },
  // The toy authorization server receives form POSTs from other origins by design (token requests
  // from curl and client libraries send no Origin header); its consent forms check Sec-Fetch-Site themselves.
  security: { checkOrigin: false },
});
