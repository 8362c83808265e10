import { describe, expect, it } from 'vitest';
import { checkIssuer } from './issuer-check';

const attackerAs = { issuer: 'http://127.0.0.1:4321/attacker-as', sendsIss: true };

describe('the client’s iss check (RFC 9207 §2.4)', () => {
  it('accepts the issuer of the server the request went to', () => {
    expect(checkIssuer(attackerAs, 'http://127.0.0.1:4321/attacker-as')).toEqual({ passed: true, why: 'matches' });
  });

  it('rejects another server’s issuer: the mix-up', () => {
    expect(checkIssuer(attackerAs, 'http://localhost:4321')).toEqual({ passed: false, why: 'differs' });
  });

  it('compares as simple strings, without normalising case, a trailing slash or a default port', () => {
    for (const received of ['http://127.0.0.1:4321/attacker-as/', 'HTTP://127.0.0.1:4321/attacker-as', 'http://127.0.0.1:4321/Attacker-AS']) {
      expect(checkIssuer(attackerAs, received).passed).toBe(false);
    }
    expect(checkIssuer({ issuer: 'http://localhost', sendsIss: true }, 'http://localhost:80').passed).toBe(false);
  });

  it('rejects a missing iss from a server whose metadata says it sends one, and lets one that does not send it go', () => {
    expect(checkIssuer(attackerAs, undefined)).toEqual({ passed: false, why: 'missing' });
    expect(checkIssuer({ ...attackerAs, sendsIss: false }, undefined).passed).toBe(true);
    expect(checkIssuer({ ...attackerAs, sendsIss: false }, 'http://localhost:4321').passed).toBe(false);
  });

  it('fails when the client stored no issuer for the request', () => {
    expect(checkIssuer(undefined, 'http://localhost:4321')).toEqual({ passed: false, why: 'no issuer stored for this request' });
    expect(checkIssuer({ issuer: '', sendsIss: true }, '').passed).toBe(false);
  });
});
