import { ENDPOINTS } from '../../authserver/paths';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../types';
import { deviceAnswerOf, pollOutcome, verificationAnswer } from './device-code-rules';

describe('device authorization response (RFC 8628 §3.2)', () => {
  const full = {
    device_code: 'dc',
    user_code: 'BDFG-HJKL',
    verification_uri: `http://lab.test${ENDPOINTS.deviceVerification}`,
    verification_uri_complete: `http://lab.test${ENDPOINTS.deviceVerification}?user_code=BDFG-HJKL`,
    expires_in: 600,
    interval: 5,
  };

  it('reads every member', () => {
    expect(deviceAnswerOf(JSON.stringify(full))).toEqual(full);
  });

  it('uses an interval of 5 s when the server sends none', () => {
    const { interval: _interval, verification_uri_complete: _complete, ...rest } = full;
    expect(deviceAnswerOf(JSON.stringify(rest))).toEqual({ ...rest, interval: 5 });
  });

  it('refuses an answer without a required member, or that is not JSON', () => {
    for (const name of ['device_code', 'user_code', 'verification_uri', 'expires_in'] as const) {
      const { [name]: _dropped, ...rest } = full;
      expect(deviceAnswerOf(JSON.stringify(rest))).toBeNull();
    }
    expect(deviceAnswerOf('<html>')).toBeNull();
  });
});

describe('poll answers (RFC 8628 §3.5)', () => {
  it('keeps polling on authorization_pending and slow_down, and stops on tokens', () => {
    expect(pollOutcome('authorization_pending', 'keep-polling', '', 400)).toBeNull();
    expect(pollOutcome('slow_down', 'keep-polling', '', 400)).toBeNull();
    expect(pollOutcome('', 'tokens', '{}', 200)).toBeNull();
  });

  it('ends as denied on access_denied and as an error on expired_token', () => {
    expect(pollOutcome('access_denied', 'tokens', '', 400)).toMatchObject({ outcome: 'denied' });
    expect(pollOutcome('expired_token', 'keep-polling', '', 400)).toMatchObject({ outcome: 'error', message: expect.stringContaining('expired_token') });
  });

  it('ends without tokens when the user has not approved by the poll that expected them', () => {
    expect(pollOutcome('authorization_pending', 'tokens', '', 400)).toMatchObject({ outcome: 'error' });
  });

  it('ends with the error and its description on anything else', () => {
    const stop = pollOutcome('invalid_grant', 'tokens', JSON.stringify({ error: 'invalid_grant', error_description: 'the device_code is invalid' }), 400);
    expect(stop?.message).toContain('invalid_grant (the device_code is invalid)');
  });
});

describe('the user’s answer on the verification page', () => {
  const post = (status: number, body: string): RecordedEvent => ({
    type: 'exchange',
    seq: 1,
    at: 0,
    server: 'authserver',
    request: { method: 'POST', url: `http://lab.test${ENDPOINTS.deviceVerification}`, headers: {}, body },
    response: { status, headers: {} },
    recordedBy: 'server',
  });

  it('is the decision of an accepted form post', () => {
    expect(verificationAnswer([post(200, 'user_code=BDFG-HJKL&decision=deny')])).toEqual({ status: 200, decision: 'deny' });
    expect(verificationAnswer([post(401, 'decision=approve'), post(200, 'decision=approve')])).toEqual({ status: 200, decision: 'approve' });
  });

  it('is no decision when the page refused the post, or there was none', () => {
    expect(verificationAnswer([post(400, 'user_code=EXPIRED&decision=approve')])).toEqual({ status: 400, decision: null });
    expect(verificationAnswer([])).toEqual({ status: null, decision: null });
  });
});
