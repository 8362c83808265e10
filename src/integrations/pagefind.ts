import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * Builds the full-text search index after `astro build`: Pagefind reads the prerendered
 * HTML in the client output folder (wherever `--outDir` put it) and writes `pagefind/`
 * next to it, so search works offline from the built site. Only elements marked
 * `data-pagefind-body` (the prose of flows and guides) are indexed.
 */
export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'oauth-sequence-lab:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { createIndex, close } = await import('pagefind');
        const site = fileURLToPath(dir);
        const { index, errors } = await createIndex({ forceLanguage: 'en', includeCharacters: '_' });
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write the index: ${written.errors.join('; ')}`);
        await close();
        logger.info(`Search index: ${added.page_count} pages.`);
      },
    },
  };
}
