import { describe, expect, it } from 'vitest';
import { describeOAuthError, tokenResponseFields } from './client-requests';
import { parseLabClock } from './lab-clock';
import { labClockAnswer, parseWire, traceAnswer } from './wire';

describe('wire JSON is parsed against schemas, never cast', () => {
  it('reads a token response and ignores other members; a body that is no token response gives nothing', () => {
    const body = JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt', scope: 'profile', id_token: 'x' });
    expect(tokenResponseFields(body)).toEqual({ access_token: 'at', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt', scope: 'profile' });
    expect(tokenResponseFields(JSON.stringify({ access_token: 42, token_type: 'Bearer' }))).toEqual({});
    expect(tokenResponseFields('not json')).toEqual({});
  });

  it('describes an RFC 6749 §5.2 error body, or the status when the body is not one', () => {
    expect(describeOAuthError(JSON.stringify({ error: 'invalid_grant', error_description: 'used' }), 400)).toBe('invalid_grant (used)');
    expect(describeOAuthError(JSON.stringify({ error: 7 }), 400)).toBe('HTTP 400');
  });

  it('accepts a lab clock answer with numbers only, and refuses anything else', () => {
    expect(parseLabClock(200, JSON.stringify({ now: 1000, offset_seconds: 60 }))).toEqual({ now: 1000, offset_seconds: 60 });
    expect(() => parseLabClock(200, JSON.stringify({ now: '1000', offset_seconds: 60 }))).toThrow(/did not move/);
    expect(parseWire(labClockAnswer, '{"now":1}')).toBeNull();
  });

  it('accepts a trace page whose events are exchanges and checks, and refuses a malformed event', () => {
    const check = { type: 'check', seq: 1, at: 0, actor: 'authserver', name: 'PKCE', inputs: {}, verdict: 'pass' };
    expect(parseWire(traceAnswer, JSON.stringify({ events: [check], next: 1 }))).toEqual({ events: [check], next: 1 });
    expect(parseWire(traceAnswer, JSON.stringify({ events: [{ ...check, verdict: 'maybe' }], next: 1 }))).toBeNull();
  });
});
