import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text files worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(?:html|js|mjs|css|svg|json|txt|xml|map|webmanifest)$/;
/** Below this size the compressed copy saves less than the headers cost. */
const MIN_BYTES = 1024;

/**
 * After `astro build`: bundles the site's Node server (`src/serve/main.ts`) next to the adapter's
 * entry as `serve.mjs` (dependencies stay in node_modules), and writes Brotli and gzip copies of
 * every text file of the static output so the server can send them without compressing per request.
 * Runs after Pagefind, so the search index is compressed too.
 */
export function serveIntegration(): AstroIntegration {
  let serverDir: URL | undefined;
  return {
    name: 'oauth-sequence-lab:serve',
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = config.build.server;
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (!serverDir) throw new Error('the server output folder is unknown');
        await build({
          entryPoints: [fileURLToPath(new URL('../serve/main.ts', import.meta.url))],
          outfile: join(fileURLToPath(serverDir), 'serve.mjs'),
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          packages: 'external',
          logLevel: 'error',
        });
        const compressed = await precompress(fileURLToPath(dir));
        logger.info(`Server bundled; ${compressed} static files precompressed.`);
      },
    },
  };
}

async function precompress(root: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(root, { recursive: true })) {
    const path = join(root, entry);
    if (!COMPRESSIBLE.test(path) || (await stat(path)).size < MIN_BYTES) continue;
    const body = await readFile(path);
    await writeFile(`${path}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
    count++;
  }
  return count;
}
