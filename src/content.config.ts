import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

/**
 * One MDX page per flow at `/flows/<slug>/`; the file name is the slug and must match a
 * flow definition in `src/flows/index.ts`. Inside, one `<Step id="…">` per step of that flow.
 */
const flows = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/flows' }),
  schema: z.object({
    /** Page title, e.g. "Authorization Code". */
    title: z.string(),
    /** One sentence for cards and the meta description. */
    summary: z.string(),
    /** Position in the list of flows and in previous/next links (ascending). */
    order: z.number(),
    /**
     * One line that starts "Use this when…", shown next to the flow on the home page
     * and under the page title. Falls back to `summary` while empty.
     */
    useWhen: z.string().default(''),
    /** The flow is no longer recommended (e.g. Implicit); the page shows a warning and lists it last. */
    deprecated: z.boolean().default(false),
  }),
});

/** Guides: prose at `/guides/<slug>/`, may embed diagrams with `<Diagram flow="…" />`. */
const guides = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/guides' }),
  schema: z.object({
    /** Page title. */
    title: z.string(),
    /** One sentence for the guide list and the meta description. */
    summary: z.string(),
    /** Position in the list of guides and in previous/next links (ascending). */
    order: z.number(),
    /** Slugs of flows this guide builds on, linked at the end of the guide. */
    relatedFlows: z.array(z.string()).default([]),
  }),
});

/**
 * Attack lessons at `/attacks/<slug>/`; the file name is the slug and must match an attack definition in
 * `src/flows/attacks/index.ts`. Inside, one `<Step id="…">` per step, as in a flow page.
 */
const attacks = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/attacks' }),
  schema: z.object({
    /** Page title, e.g. "Login CSRF and the state check". */
    title: z.string(),
    /** One sentence for the index, search and the meta description. */
    summary: z.string(),
    /** Position in the list of attacks and in previous/next links (ascending). */
    order: z.number(),
  }),
});

export const collections = { flows, guides, attacks };
