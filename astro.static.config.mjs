// The static site (`npm run build:static`): the same pages, prerendered to `dist/static/` with no server,
// plus a Service Worker that runs the lab's authorization server in the reader's browser
// (src/static/sw.ts). `BASE_PATH=/oauth-lab/` builds it for a sub-path; `STATIC_OUT` picks the folder.
import { defineConfig } from 'astro/config';
import siteConfig from './astro.config.mjs';
import { staticSiteIntegration } from './src/integrations/static-site.ts';

const { adapter: _adapter, integrations = [], ...shared } = siteConfig;
/** Astro's `base`, always with slashes around it: `/`, or e.g. `/oauth-lab/`. */
const base = `/${(process.env.BASE_PATH ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');

export default defineConfig({
  ...shared,
  output: 'static',
  base,
  outDir: process.env.STATIC_OUT ?? 'dist/static',
  // The Node server's own integration (its bundle, precompressed copies) has no place on a static host.
  integrations: [...integrations.filter((integration) => integration.name !== 'oauth-sequence-lab:serve'), staticSiteIntegration()],
  vite: { ...shared.vite, define: { ...shared.vite?.define, 'import.meta.env.PUBLIC_LAB_MODE': JSON.stringify('browser') } },
});
