// Renders every flow's sequence diagram to `src/diagrams/svg/<slug>.svg` (committed), so
// pages show diagrams without JavaScript and ship no Mermaid runtime.
// Run with `npm run diagrams` after changing a flow; a unit test fails while an SVG is stale.
// Node 24 loads the TypeScript flow definitions directly (type stripping).
import { mkdirSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { flows } from '../src/flows/index.ts';
import { attacks } from '../src/flows/attacks/index.ts';
import { launchDiagramRenderer } from '../src/diagrams/render.ts';

const outDir = new URL('../src/diagrams/svg/', import.meta.url).pathname;
mkdirSync(outDir, { recursive: true });

const renderer = await launchDiagramRenderer();
try {
  const written = new Set();
  for (const flow of [...flows, ...attacks]) {
    const file = join(outDir, `${flow.slug}.svg`);
    const svg = await renderer.render(flow);
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {}
    if (old !== svg) writeFileSync(file, svg);
    written.add(`${flow.slug}.svg`);
    console.log(`${old === svg ? 'unchanged' : 'written  '} src/diagrams/svg/${flow.slug}.svg (${flow.steps.length} steps)`);
  }
  for (const name of readdirSync(outDir)) {
    if (name.endsWith('.svg') && !written.has(name)) {
      rmSync(join(outDir, name));
      console.log(`removed   src/diagrams/svg/${name} (no such flow)`);
    }
  }
} finally {
  await renderer.close();
}
