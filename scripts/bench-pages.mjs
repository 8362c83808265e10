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

/** The pages of one section (`flows`, or the attack lessons under `attacks`), measured. */
function measure(section) {
  if (!existsSync(join(client, section))) return [];
  return readdirSync(join(client, section), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map(({ name: slug }) => {
      const html = readFileSync(join(client, section, slug, 'index.html'));
      const svg = new RegExp(`<svg[^>]*id="diagram-${slug}"[\\s\\S]*?</svg>`).exec(html.toString())?.[0];
      if (!svg) throw new Error(`No pre-rendered diagram in /${section}/${slug}/`);
      const scripts = upfrontScripts(html.toString()).reduce((sum, buffer) => sum + gz(buffer), 0);
      return { slug, html: gz(html), svg: gz(Buffer.from(svg)), scripts };
    });
}

const rows = measure('flows');
const attackRows = measure('attacks');
const print = (heading, list) => {
  console.log(`${heading.padEnd(22)} HTML gz   diagram SVG gz   <script> JS gz`);
  for (const r of list) {
    console.log(`${r.slug.padEnd(22)} ${kb(r.html).padStart(8)}   ${kb(r.svg).padStart(14)}   ${kb(r.scripts).padStart(14)}`);
  }
};
print('flow page', rows);
if (attackRows.length) {
  console.log('');
  print('attack page', attackRows);
  // The attack pages ship no more up-front JavaScript than the flow pages (the lesson's code loads after the page).
  const most = Math.max(...rows.map((r) => r.scripts));
  console.log(`ratio, most up-front JS of an attack page / of a flow page: ${(Math.max(...attackRows.map((r) => r.scripts)) / most).toFixed(3)}`);
}
const avg = (key) => rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
console.log(`\nmermaid.min.js, the single-file Mermaid runtime: ${kb(mermaidRuntime)} gz (what drawing diagrams in the browser would add)`);
console.log(`ratio, average diagram SVG / Mermaid runtime:      ${(avg('svg') / mermaidRuntime).toFixed(3)}`);
console.log(`ratio, average whole page (HTML + JS) / Mermaid:    ${((avg('html') + avg('scripts')) / mermaidRuntime).toFixed(3)}`);
