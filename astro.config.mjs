// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';

// Reading pages are prerendered (fast, indexable, work with JavaScript off);
// the toy authorization server and the lab's client pages are rendered on demand
// (`export const prerender = false`) by the Node adapter.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx()],
  adapter: node({ mode: 'standalone' }),
  server: { port: 4321, host: true },
});
