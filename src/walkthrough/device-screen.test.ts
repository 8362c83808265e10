import { ENDPOINTS } from '../authserver/paths';
import { describe, expect, it } from 'vitest';
import { deviceScreen } from './device-screen';

const code = {
  device_code: 'secret-device-code',
  user_code: 'BDFG-HJKL',
  verification_uri: `http://lab.test${ENDPOINTS.deviceVerification}`,
  verification_uri_complete: `http://lab.test${ENDPOINTS.deviceVerification}?user_code=BDFG-HJKL`,
  expires_in: 600,
  interval: 5,
};

describe('device screen (RFC 8628 §3.3.1)', () => {
  it('is off before the device asked for a code, and shows no code while it only holds one', () => {
    expect(deviceScreen({}, null)).toMatchObject({ phase: 'off', user_code: null, qr_text: null });
    expect(deviceScreen(code, null)).toMatchObject({ phase: 'starting', user_code: null, qr_text: null });
  });

  it('shows the user code, the verification URI and a QR code of verification_uri_complete, never device_code', () => {
    const screen = deviceScreen({ ...code, tv_screen: 'code' }, null);
    expect(screen).toMatchObject({
      phase: 'code',
      user_code: 'BDFG-HJKL',
      verification_uri: `http://lab.test${ENDPOINTS.deviceVerification}`,
      qr_text: `http://lab.test${ENDPOINTS.deviceVerification}?user_code=BDFG-HJKL`,
    });
    expect(JSON.stringify(screen)).not.toContain('secret-device-code');
    expect(screen.status).toContain('every 5 s');
  });

  it('tells how often it polled and at which interval after slow_down', () => {
    const screen = deviceScreen({ ...code, tv_screen: 'code', polls: 2, interval: 10, poll_error: 'slow_down' }, null);
    expect(screen.status).toBe('Waiting for you… checked 2 times, every 10 s. Last answer: slow_down.');
  });

  it('ends on access_denied, expired_token, or the photos', () => {
    expect(deviceScreen({ ...code, tv_screen: 'code', poll_error: 'access_denied' }, 'denied')).toMatchObject({ phase: 'denied', user_code: null });
    expect(deviceScreen({ ...code, tv_screen: 'code', poll_error: 'expired_token' }, 'error')).toMatchObject({ phase: 'expired', user_code: null });
    expect(deviceScreen({ ...code, tv_screen: 'photos', photo_count: 3 }, 'done')).toMatchObject({ phase: 'photos', status: 'Showing 3 photos from the API.' });
  });
});
