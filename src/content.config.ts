import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const flows = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/flows' }),
  schema: z.object({
    /** Page title, e.g. "Authorization Code". */
    title: z.string(),
    /** One sentence for cards and the meta description. */
    summary: z.string(),
    /** Position in the list of flows and in previous/next links. */
    order: z.number(),
  }),
});

const guides = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/guides' }),
  schema: z.object({
    title: z.string(),
    summary: z.string(),
    order: z.number(),
  }),
});

export const collections = { flows, guides };
