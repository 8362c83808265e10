// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { pagefindIntegration } from './src/integrations/pagefind.ts';
import { serveIntegration } from './src/integrations/serve.ts';
import { INLINE_SCRIPT_HASHES } from './src/components/inline-scripts.ts';

// Reading pages are prerendered (fast, indexable, work with JavaScript off);
// the toy authorization server and the lab's client pages are rendered on demand
// (`export const prerender = false`) by the Node adapter in middleware mode, behind the site's own
// Node server (`src/serve/`, built to `dist/server/serve.mjs`), which sends the OAuth routes straight
// to the fetch handler and serves the static files.
export default defineConfig({
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  integrations: [mdx(), pagefindIntegration(), serveIntegration()],
  // Code blocks (```http, ```json…) carry both a light and a dark palette; CSS picks one.
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark-default' }, defaultColor: false },
  },
  adapter: node({ mode: 'middleware', staticHeaders: true }),
  server: { port: 4321, host: true },
  // The toy authorization server receives form POSTs from other origins by design (token requests
  // from curl and client libraries send no Origin header); its consent forms check Sec-Fetch-Site themselves.
  security: {
    checkOrigin: false,
    // A Content-Security-Policy on every page: Astro hashes the scripts and styles it bundles; the two
    // inline scripts that must run before the first paint are allowed by hash; Pagefind's search runs
    // WebAssembly. Style attributes stay allowed (Shiki's colours, the diagrams' inline sizes), inline
    // script never is. frame-ancestors cannot be sent in a <meta> policy: the Node server adds it.
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        // The native-app lesson's browser frame follows the loopback redirect to 127.0.0.1 on the
        // server's port (known only at run time). @see RFC 8252 §7.3
        "frame-src 'self' http://127.0.0.1:* http://localhost:*",
        // The mix-up lesson's client reads the attacker's authorization server's metadata and calls its
        // token endpoint, on the other loopback name of the server's port. @see RFC 9700 §4.4.1
        "connect-src 'self' http://127.0.0.1:* http://localhost:*",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"], hashes: INLINE_SCRIPT_HASHES },
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
});
