/**
 * The committed, pre-rendered diagrams (`src/diagrams/svg/<slug>.svg`, written by
 * `npm run diagrams`), bundled as text at build time so pages inline them.
 */
const files = import.meta.glob<string>('./svg/*.svg', { query: '?raw', import: 'default', eager: true });

/** The SVG markup of a flow's sequence diagram. */
export function diagramSvg(slug: string): string {
  const svg = files[`./svg/${slug}.svg`];
  if (svg === undefined) throw new Error(`No diagram for flow "${slug}": run npm run diagrams`);
  return svg;
}
