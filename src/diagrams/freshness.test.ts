import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flows } from '../flows/index.ts';
import { attacks } from '../flows/attacks/index.ts';
import { launchDiagramRenderer, type DiagramRenderer } from './render.ts';

/**
 * The committed SVGs must be what the current flow definitions render to. Re-renders every
 * flow in headless Chromium (fails, with how to fix it, when Chromium cannot start).
 */
describe('pre-rendered diagrams are up to date', () => {
  let renderer: DiagramRenderer;
  beforeAll(async () => {
    renderer = await launchDiagramRenderer();
  }, 60_000);
  afterAll(async () => {
    await renderer?.close();
  });

  // In reverse order of `npm run diagrams`, which also proves a diagram does not depend on those drawn before it.
  it.each([...flows, ...attacks].reverse().map((flow) => [flow.slug, flow] as const))('%s.svg', async (slug, flow) => {
    const fresh = await renderer.render(flow);
    let committed = '';
    try {
      committed = readFileSync(new URL(`./svg/${slug}.svg`, import.meta.url), 'utf8');
    } catch {
      // missing file: reported below
    }
    expect(committed === fresh, `src/diagrams/svg/${slug}.svg is stale or missing: run npm run diagrams`).toBe(true);
  }, 30_000);
});
