import type { LearnerData, Outcome } from './types';

/**
 * What the device's screen (the TV in the device flow) shows, derived from what the device
 * knows so far. Pure, so "Previous step" shows the earlier screen for free.
 * @see RFC 8628 §3.3.1 (what the device displays)
 */
export interface DeviceScreen {
  /** `off`: nothing asked yet; `code`: showing the user code; then the end states. */
  phase: 'off' | 'starting' | 'code' | 'signed-in' | 'photos' | 'denied' | 'expired' | 'error';
  headline: string;
  /** The short code for the user to type, when the screen shows it. */
  user_code: string | null;
  verification_uri: string | null;
  /** What the QR code encodes (verification_uri_complete), when the screen shows one. */
  qr_text: string | null;
  /** One line about what the device is doing, e.g. "Checking every 10 s…". */
  status: string;
}

/** The device's app name, as the screen and the consent page show it. */
export const DEVICE_APP_NAME = 'Photo Frame TV';

/** The learner data the TV's screen shows. */
export type DeviceScreenField =
  | 'tv_screen'
  | 'photo_count'
  | 'poll_error'
  | 'user_code'
  | 'verification_uri'
  | 'verification_uri_complete'
  | 'interval'
  | 'polls'
  | 'expires_in'
  | 'device_code';

export function deviceScreen(learner: LearnerData<DeviceScreenField>, outcome: Outcome | null): DeviceScreen {
  const blank = { user_code: null, verification_uri: null, qr_text: null };
  const pollError = learner.poll_error ?? '';
  if (learner.tv_screen === 'photos') {
    const count = learner.photo_count ?? 0;
    return { phase: 'photos', headline: `${DEVICE_APP_NAME}: your photos`, ...blank, status: `Showing ${count} photo${count === 1 ? '' : 's'} from the API.` };
  }
  if (learner.tv_screen === 'signed-in') {
    return { phase: 'signed-in', headline: `Signed in to ${DEVICE_APP_NAME}`, ...blank, status: 'Got an access token and a refresh token. Loading your photos…' };
  }
  if (outcome !== null && outcome !== 'done' && learner.tv_screen === 'code') {
    if (pollError === 'access_denied') {
      return { phase: 'denied', headline: 'Sign-in cancelled', ...blank, status: 'The request was denied on the phone (access_denied). The TV stopped polling.' };
    }
    if (pollError === 'expired_token') {
      return { phase: 'expired', headline: 'The code expired', ...blank, status: 'The code ran out (expired_token). Start again to get a new code.' };
    }
    return { phase: 'error', headline: 'Sign-in failed', ...blank, status: pollError ? `The server answered ${pollError}.` : 'Something went wrong.' };
  }
  if (learner.tv_screen === 'code' && learner.user_code) {
    const interval = learner.interval ?? 5;
    const polls = learner.polls ?? 0;
    const lastAnswer = pollError ? ` Last answer: ${pollError}.` : '';
    return {
      phase: 'code',
      headline: `Sign in to ${DEVICE_APP_NAME}`,
      user_code: learner.user_code,
      verification_uri: learner.verification_uri ?? null,
      qr_text: learner.verification_uri_complete || null,
      status:
        polls > 0
          ? `Waiting for you… checked ${polls} time${polls === 1 ? '' : 's'}, every ${interval} s.${lastAnswer}`
          : `Waiting for you… will check every ${interval} s. Code valid ${Math.round((learner.expires_in ?? 600) / 60)} minutes.`,
    };
  }
  if (learner.device_code) {
    return { phase: 'starting', headline: `${DEVICE_APP_NAME}`, ...blank, status: 'Got a code from the server; about to show it.' };
  }
  return { phase: 'off', headline: `${DEVICE_APP_NAME}`, ...blank, status: 'Not signed in. Press “Next step” to start signing in.' };
}
