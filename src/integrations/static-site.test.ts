import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ON_DEMAND_PAGES, SERVER_MOUNTS } from './static-site';

/** Every file under src/pages, as `src/pages/…`. */
function pageFiles(dir = 'src/pages'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? pageFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('the static build', () => {
  it('knows every page the Node server renders on demand, so none is left without a static form', () => {
    const onDemand = pageFiles().filter((file) => /export const prerender = false/.test(readFileSync(file, 'utf8')));
    expect(onDemand.length).toBeGreaterThan(0);
    expect(onDemand.sort()).toEqual([...ON_DEMAND_PAGES, ...SERVER_MOUNTS].sort());
  });
});
