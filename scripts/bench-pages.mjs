// Benchmark (not a test): what a reading page costs, from the production build in dist/ (run `npm run build` first).
// For each flow page: the HTML (inline diagram SVG included) and the JavaScript its <script> tags load
// up front, gzipped, set against what rendering the diagram in the browser with Mermaid would add.
//
//   npm run bench:pages
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const client = join('dist', 'client');
if (!existsSync(join(client, 'flows'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}

const gz = (buffer) => gzipSync(buffer, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
const mermaidRuntime = gz(readFileSync(join('node_modules', 'mermaid', 'dist', 'mermaid.min.js')));

/** Scripts the page names in <script src>; the walk-through fetches its own chunk after load. */
function upfrontScripts(html) {
  const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  return sources.filter((src) => src.startsWith('/')).map((src) => readFileSync(join(client, src)));
}

const rows = [];
for (const slug of readdirSync(join(client, 'flows'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
  const html = readFileSync(join(client, 'flows', slug, 'index.html'));
  const svg = new RegExp(`<svg[^>]*id="diagram-${slug}"[\\s\\S]*?</svg>`).exec(html.toString())?.[0];
  if (!svg) throw new Error(`No pre-rendered diagram in /flows/${slug}/`);
  const scripts = upfrontScripts(html.toString()).reduce((sum, buffer) => sum + gz(buffer), 0);
  rows.push({ slug, html: gz(html), svg: gz(Buffer.from(svg)), scripts });
}

console.log('flow page              HTML gz   diagram SVG gz   <script> JS gz');
for (const r of rows) {
  console.log(`${r.slug.padEnd(22)} ${kb(r.html).padStart(8)}   ${kb(r.svg).padStart(14)}   ${kb(r.scripts).padStart(14)}`);
}
const avg = (key) => rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
console.log(`\nmermaid.min.js, the single-file Mermaid runtime: ${kb(mermaidRuntime)} gz (what drawing diagrams in the browser would add)`);
console.log(`ratio, average diagram SVG / Mermaid runtime:      ${(avg('svg') / mermaidRuntime).toFixed(3)}`);
console.log(`ratio, average whole page (HTML + JS) / Mermaid:    ${((avg('html') + avg('scripts')) / mermaidRuntime).toFixed(3)}`);
