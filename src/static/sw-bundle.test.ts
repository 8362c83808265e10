import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ATTACKER_AS, ATTACKER_PAGES, ATTACKER_SITE_PATH, ENDPOINTS } from '../authserver/paths';
import { SERVICE_WORKER_BUILD } from '../integrations/static-site';
import { servedByLabServer } from './sw-routes';

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

describe('the Service Worker bundle', () => {
  it('builds for the browser, exactly as the static build does, from the same handler and nothing Node-only', async () => {
    const result = await build({ ...SERVICE_WORKER_BUILD, write: false, metafile: true, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const inputs = Object.entries(result.metafile!.inputs);
    const files = inputs.map(([path]) => path);
    // The handler itself (the route table and the dispatch) and the IndexedDB store are in it.
    expect(files).toEqual(expect.arrayContaining(['src/authserver/index.ts', 'src/authserver/server.ts', 'src/authserver/store/indexeddb.ts']));
    // No input is a Node builtin, none imports one, and nothing was left external to be loaded at run time.
    const imported = inputs.flatMap(([, input]) => input.imports);
    expect(files.filter((path) => path.startsWith('node:') || NODE_BUILTINS.has(path))).toEqual([]);
    expect(imported.filter((entry) => entry.external || NODE_BUILTINS.has(entry.path))).toEqual([]);
    expect(files.filter((path) => /store\/(?:redis|from-env)\.ts$|ioredis/.test(path))).toEqual([]);
    // No Node module is loaded at run time either (`process.env` remains only in the Node site's own
    // server, which the worker never creates: `authServer` is made on first use).
    const [output] = result.outputFiles!;
    expect(/from\s*"node:|import\(\s*"node:|require\(\s*"node:/.test(output!.text)).toBe(false);
  });
});

describe('what the Service Worker answers', () => {
  const origin = 'https://lab.example';
  it('answers every path the Node server sends to the handler, below the site’s base', () => {
    for (const base of ['', '/oauth-lab']) {
      for (const path of Object.values(ENDPOINTS)) expect(servedByLabServer(new URL(`${origin}${base}${path}`), origin, base)).toBe(true);
    }
  });

  it('answers the attack lessons’ attacker, which stands below /attacker-site on this one origin', () => {
    for (const base of ['', '/oauth-lab']) {
      for (const path of [...Object.values(ATTACKER_PAGES), ATTACKER_AS.metadata, `${ATTACKER_AS.base}${ENDPOINTS.token}`]) {
        expect(servedByLabServer(new URL(`${origin}${base}${ATTACKER_SITE_PATH}${path}`), origin, base)).toBe(true);
      }
    }
    expect(servedByLabServer(new URL(`${origin}${ATTACKER_SITE_PATH}${ATTACKER_PAGES.catch}`), origin, '/oauth-lab')).toBe(false);
  });

  it('leaves pages, assets, the lab’s callback pages, other origins and paths outside the base to the network', () => {
    for (const path of ['/', '/flows/pkce/', '/_astro/index.js', '/lab/callback', '/server/', '/sw.js']) {
      expect(servedByLabServer(new URL(`${origin}${path}`), origin, '')).toBe(false);
    }
    expect(servedByLabServer(new URL(`https://elsewhere.example${ENDPOINTS.token}`), origin, '')).toBe(false);
    expect(servedByLabServer(new URL(`${origin}${ENDPOINTS.token}`), origin, '/oauth-lab')).toBe(false);
  });
});
