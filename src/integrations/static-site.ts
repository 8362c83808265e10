import type { AstroIntegration } from 'astro';
import { build, type BuildOptions } from 'esbuild';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The pages the Node server renders on demand; the static build prerenders them (they know the mode). */
export const ON_DEMAND_PAGES = ['src/pages/server.astro', 'src/pages/lab/callback.astro', 'src/pages/lab/native-callback.astro', 'src/pages/lab/widget-callback.astro'];
/**
 * The endpoints that mount the handler under `astro dev`. The static build renders none of their
 * paths (the Service Worker answers them): prerendered with an empty `getStaticPaths`, added here.
 */
export const SERVER_MOUNTS = [
  'src/pages/oauth/[...path].ts',
  'src/pages/.well-known/[...path].ts',
  'src/pages/api/[...path].ts',
  'src/pages/mcp/[...path].ts',
  'src/pages/attacker/[...path].ts',
  'src/pages/attacker-as/[...path].ts',
];

/**
 * How the Service Worker is bundled: one classic script for every browser, with nothing Node-only
 * (the unit test `src/static/sw-bundle.test.ts` builds it the same way and checks its imports).
 * Outside Astro `import.meta.env` does not exist; the worker's base comes from its scope.
 */
export const SERVICE_WORKER_BUILD: BuildOptions = {
  entryPoints: [fileURLToPath(new URL('../static/sw.ts', import.meta.url))],
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  define: { 'import.meta.env': 'undefined' },
  logLevel: 'error',
};

/**
 * The static build (`npm run build:static`, `astro.static.config.mjs`): prerenders the pages the Node
 * server renders on demand, bundles the Service Worker to `sw.js` at the site's base, and puts the
 * base in front of every root-relative link, source and form action the pages write by hand
 * (Astro already does it for its own assets), so the site works under a sub-path.
 */
export function staticSiteIntegration(): AstroIntegration {
  let base = '';
  return {
    name: 'oauth-sequence-lab:static-site',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'oauth-sequence-lab:no-server-mounts',
                transform(code, id) {
                  if (SERVER_MOUNTS.some((mount) => id.endsWith(mount))) return `${code}\nexport const getStaticPaths = () => [];\n`;
                  return undefined;
                },
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.replace(/\/$/, '');
      },
      'astro:route:setup': ({ route }) => {
        if (ON_DEMAND_PAGES.includes(route.component) || SERVER_MOUNTS.includes(route.component)) route.prerender = true;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        await build({ ...SERVICE_WORKER_BUILD, outfile: join(root, 'sw.js') });
        const rewritten = base ? await prefixRootLinks(root, base) : 0;
        logger.info(`Service Worker bundled${base ? `; the base ${base} put in front of the links of ${rewritten} pages` : ''}.`);
      },
    },
  };
}

/** `href="/x"`, `src="/x"`, `action="/x"` become `…="<base>/x"`, unless they already start with the base. */
export function withBase(html: string, base: string): string {
  return html.replace(/\b(href|src|action)="\/(?!\/)([^"]*)"/g, (whole, name: string, rest: string) =>
    `/${rest}` === base || `/${rest}`.startsWith(`${base}/`) ? whole : `${name}="${base}/${rest}"`,
  );
}

async function prefixRootLinks(root: string, base: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(root, { recursive: true })) {
    if (!entry.endsWith('.html')) continue;
    const path = join(root, entry);
    const html = await readFile(path, 'utf8');
    const next = withBase(html, base);
    if (next !== html) {
      await writeFile(path, next);
      count++;
    }
  }
  return count;
}
