import { describe, expect, it } from 'vitest';
import { attackerSite } from '../../authserver/attacker/origin';
import { attackerHoldings, attackerSiteNote, shortValue } from './attacker-view';

describe('the Attacker panel', () => {
  it('shows nothing before the attacker holds anything', () => {
    expect(attackerHoldings({})).toEqual([]);
  });

  it('lists what the attacker holds, in the order they got it, long values shortened', () => {
    const code = 'c'.repeat(43);
    expect(attackerHoldings({ attacker_account: 'mallory', attacker_code: code, attacker_api_status: 200, signed_in_as: 'Mallory' })).toEqual([
      { term: 'Their own account', value: 'mallory' },
      { term: 'Authorization code', value: `${'c'.repeat(24)}… (43 characters)` },
      { term: 'Their API call', value: 'HTTP 200' },
      { term: 'The victim’s app is signed in as', value: 'Mallory' },
    ]);
  });

  it('shows the PKCE verifier an attacker received with the code (mix-up)', () => {
    expect(attackerHoldings({ attacker_code: 'c', attacker_code_verifier: 'v' })).toEqual([
      { term: 'Authorization code', value: 'c' },
      { term: 'PKCE code_verifier', value: 'v' },
    ]);
  });

  it('shows what a third-party script sent: the Referer of its request (none, when the page sent none) and the page’s address', () => {
    expect(attackerHoldings({ leaked_referer: '', leaked_url: 'http://localhost:4321/cb#access_token=t', attacker_access_token: 't' })).toEqual([
      { term: 'Referer of the script’s request', value: '(none)' },
      { term: 'Page address sent by the script', value: 'http://localhost:4321/cb#access_token=t' },
      { term: 'Access token', value: 't' },
    ]);
  });

  it('keeps short values whole', () => {
    expect(shortValue('abc')).toBe('abc');
  });
});

describe('where the Attacker panel says the attacker is', () => {
  it('on the Node server: at an origin of its own', () => {
    expect(attackerSiteNote(attackerSite('node', 'http://localhost:4321'))).toBe(
      'The attacker’s pages and server are at http://127.0.0.1:4321: an origin of their own, so to the browser another site.',
    );
  });

  it('on the static site: under a path of the lab’s own origin, said so, and that the Node server gives them their own', () => {
    const note = attackerSiteNote(attackerSite('browser', 'https://example.org', '/oauth-lab'));
    expect(note).toMatch(/^The attacker’s pages and server are at https:\/\/example\.org\/oauth-lab\/attacker-site\/\. On this copy of the site they share its origin;/);
    expect(note).toContain('the Node server');
  });
});
