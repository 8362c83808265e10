import { describe, expect, it } from 'vitest';
import { configuredOrigins } from '../origins';
import { ATTACKER_AS, ATTACKER_PAGES, ATTACKER_SITE_PATH } from '../paths';
import {
  attackerHasOwnOrigin,
  attackerLabel,
  attackerOrigin,
  attackerPathOf,
  attackerSite,
  attackRunsIn,
  otherLoopbackOrigin,
  servedAttackerSite,
} from './origin';

describe('the attacker origin', () => {
  it('is the other loopback name of the lab origin, same scheme and port', () => {
    expect(otherLoopbackOrigin('http://localhost:4321')).toBe('http://127.0.0.1:4321');
    expect(otherLoopbackOrigin('http://127.0.0.1:4321')).toBe('http://localhost:4321');
    expect(otherLoopbackOrigin('http://localhost')).toBe('http://127.0.0.1');
    for (const origin of ['https://lab.example.org', 'http://[::1]:4321', 'http://localhost:4321/path', 'not a url']) {
      expect(otherLoopbackOrigin(origin)).toBeNull();
    }
  });

  it('exists when the site answers both loopback names (the default), with the lab on the first', () => {
    expect(attackerOrigin(configuredOrigins({ PORT: '4420' }))).toBe('http://127.0.0.1:4420');
    expect(attackerOrigin(['http://127.0.0.1:4420', 'http://localhost:4420'])).toBe('http://localhost:4420');
  });

  it('does not exist behind PUBLIC_ORIGIN, which is the one origin the site answers', () => {
    expect(attackerOrigin(configuredOrigins({ PUBLIC_ORIGIN: 'https://lab.example.org' }))).toBeNull();
    expect(attackerOrigin(configuredOrigins({ PUBLIC_ORIGIN: 'http://localhost:4420' }))).toBeNull();
    expect(attackerOrigin([])).toBeNull();
  });
});

describe('where the attacker is, by lab server', () => {
  it('on the Node server: its own origin, the other loopback name, with its paths at the root', () => {
    expect(attackerSite('node', 'http://localhost:4321')).toEqual({
      root: 'http://127.0.0.1:4321',
      origin: 'http://127.0.0.1:4321',
      lab: 'http://localhost:4321',
      sharesLabOrigin: false,
    });
    expect(attackerHasOwnOrigin('node')).toBe(true);
    // What the Node server answers is the same place, only where it answers the other loopback name.
    expect(servedAttackerSite(configuredOrigins({ PORT: '4420' }))).toEqual(attackerSite('node', 'http://localhost:4420'));
    expect(servedAttackerSite(configuredOrigins({ PUBLIC_ORIGIN: 'https://lab.example.org' }))).toBeNull();
  });

  it('on the static site: a path of the site’s own origin, below its base, since a Service Worker answers one origin', () => {
    expect(attackerHasOwnOrigin('browser')).toBe(false);
    expect(attackerSite('browser', 'http://localhost:8080')).toEqual({
      root: `http://localhost:8080${ATTACKER_SITE_PATH}`,
      origin: 'http://localhost:8080',
      lab: 'http://localhost:8080',
      sharesLabOrigin: true,
    });
    expect(attackerSite('browser', 'https://example.org', '/oauth-lab')).toMatchObject({
      root: `https://example.org/oauth-lab${ATTACKER_SITE_PATH}`,
      lab: 'https://example.org/oauth-lab',
    });
  });

  it('finds the attacker’s own path of a URL on its site, and none elsewhere', () => {
    const node = attackerSite('node', 'http://localhost:4321');
    expect(attackerPathOf(node, new URL(`http://127.0.0.1:4321${ATTACKER_PAGES.catch}?code=x`))).toBe(ATTACKER_PAGES.catch);
    expect(attackerPathOf(node, new URL(`http://localhost:4321${ATTACKER_PAGES.catch}`))).toBeUndefined();
    const onStatic = attackerSite('browser', 'https://example.org', '/oauth-lab');
    expect(attackerPathOf(onStatic, new URL(`https://example.org/oauth-lab${ATTACKER_SITE_PATH}${ATTACKER_AS.metadata}`))).toBe(ATTACKER_AS.metadata);
    for (const elsewhere of [`https://example.org${ATTACKER_PAGES.catch}`, `https://example.org/oauth-lab${ATTACKER_PAGES.catch}`, `https://example.org/oauth-lab${ATTACKER_SITE_PATH}-x/attacker/catch`, `https://evil.example/oauth-lab${ATTACKER_SITE_PATH}${ATTACKER_PAGES.catch}`]) {
      expect(attackerPathOf(onStatic, new URL(elsewhere))).toBeUndefined();
    }
  });

  it('is named in the Inspector by its origin, or by its path with the shared origin said', () => {
    expect(attackerLabel(attackerSite('node', 'http://localhost:4321'))).toBe('http://127.0.0.1:4321');
    expect(attackerLabel(attackerSite('browser', 'http://localhost:8080'))).toBe(`http://localhost:8080${ATTACKER_SITE_PATH}, on this site’s origin`);
  });

  it('runs every lesson with an origin of its own, and on one origin only those that do not declare they need a second', () => {
    const needsOne = { attack: { needsSecondOrigin: 'The defence is frame-ancestors, which a same-origin frame passes.' } };
    const any = { attack: {} };
    expect(attackRunsIn('node', needsOne)).toBe(true);
    expect(attackRunsIn('node', any)).toBe(true);
    expect(attackRunsIn('browser', any)).toBe(true);
    expect(attackRunsIn('browser', needsOne)).toBe(false);
  });
});
