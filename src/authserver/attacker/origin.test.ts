import { describe, expect, it } from 'vitest';
import { configuredOrigins } from '../origins';
import { attackerOrigin, otherLoopbackOrigin } from './origin';

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
