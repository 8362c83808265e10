import { describe, expect, it } from 'vitest';
import { oauthErrorCode, parseChallenge, tokenResponseFields } from './client-requests';
import { describeOffset, labClockLine, parseLabClock } from './lab-clock';

describe('lab clock display', () => {
  it('says how far ahead the learner’s clock is', () => {
    const now = Date.UTC(2026, 10, 25, 15, 30);
    expect(labClockLine(3600, now)).toBe('Lab clock: 16:30 UTC, 1 hour ahead of real time');
    expect(labClockLine(0, now)).toBe('Lab clock: 15:30 UTC (real time)');
    expect(describeOffset(2 * 3600 + 5 * 60)).toBe('2 hours 5 minutes');
    expect(describeOffset(30)).toBe('30 seconds');
  });

  it('reads the clock answer and refuses an error answer', () => {
    expect(parseLabClock(200, '{"now":1790000000,"offset_seconds":3600}')).toEqual({ now: 1790000000, offset_seconds: 3600 });
    expect(() => parseLabClock(400, '{"error":"invalid_request"}')).toThrow(/did not move/);
  });
});

describe('WWW-Authenticate challenges (RFC 6750 §3)', () => {
  it('reads the scheme and quoted auth-params', () => {
    expect(parseChallenge('Bearer realm="lab", error="insufficient_scope", error_description="needs \\"profile\\"", scope="profile"')).toEqual({
      scheme: 'Bearer',
      realm: 'lab',
      error: 'insufficient_scope',
      error_description: 'needs "profile"',
      scope: 'profile',
    });
    expect(parseChallenge('Basic realm="lab"')).toEqual({ scheme: 'Basic', realm: 'lab' });
    expect(parseChallenge(null)).toBeNull();
  });
});

describe('token responses as learner data (RFC 6749 §5.1, §5.2)', () => {
  it('keeps each field with its JSON type, expires_in as a number; a body whose fields have the wrong types is no token response', () => {
    const text = JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt', scope: 'profile', id: 7 });
    expect(tokenResponseFields(text)).toEqual({ access_token: 'at', token_type: 'Bearer', expires_in: 600, refresh_token: 'rt', scope: 'profile' });
    expect(tokenResponseFields(JSON.stringify({ access_token: 42, expires_in: '600', token_type: 'Bearer' }))).toEqual({});
    expect(tokenResponseFields('not json')).toEqual({});
  });

  it('reads the error code of an error body, and nothing from anything else', () => {
    expect(oauthErrorCode(JSON.stringify({ error: 'invalid_grant', error_description: 'used' }))).toBe('invalid_grant');
    expect(oauthErrorCode(JSON.stringify({ error: 400 }))).toBe('');
    expect(oauthErrorCode('<html>')).toBe('');
  });
});
