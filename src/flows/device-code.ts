import { authorizationServer, resourceServer, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The learner action at the phone: never answer, so the codes expire before the TV's next poll. @see RFC 8628 §3.5 */
export const LET_CODE_EXPIRE = { id: 'let-code-expire', label: 'Don’t answer: let the code expire' } as const satisfies StepAction;

/**
 * Device Authorization Grant: a device without a browser or keyboard (a TV) gets tokens
 * while the user approves on a phone.
 * @see RFC 8628
 */
export const deviceCode = {
  slug: 'device-code',
  title: 'Device Authorization',
  participants: [
    { id: 'TV', label: 'Device (TV)', kind: 'device' },
    user,
    { id: 'Phone', label: 'Phone browser', kind: 'browser' },
    authorizationServer,
    resourceServer,
  ],
  steps: [
    {
      id: 'device-authorization-request',
      from: 'TV',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/device_authorization (client_id, scope)',
      teaches: 'The device, which cannot show a login page, asks the authorization server to start a device authorization.',
      rfc: 'RFC 8628 §3.1',
      channel: 'back',
      parameters: ['client_id', 'scope'],
      authenticates: 'none',
    },
    {
      id: 'device-authorization-response',
      from: 'AS',
      to: 'TV',
      kind: 'response',
      label: '200 { device_code, user_code, verification_uri, expires_in, interval }',
      teaches:
        'The server returns a secret device_code for polling, a short user_code for the human, the verification_uri, how long both stay valid (expires_in) and the minimum polling interval.',
      rfc: 'RFC 8628 §3.2',
      channel: 'back',
    },
    {
      id: 'show-user-code',
      from: 'TV',
      to: 'User',
      kind: 'response',
      label: 'Shows the user code, the verification URI and a QR code',
      teaches:
        'The device displays the user_code and verification_uri, and a QR code of verification_uri_complete so a phone can open it without typing.',
      rfc: 'RFC 8628 §3.3.1',
    },
    {
      id: 'poll-token',
      from: 'TV',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token grant_type=…:device_code',
      teaches:
        'Meanwhile the device polls the token endpoint with grant_type urn:ietf:params:oauth:grant-type:device_code and its device_code.',
      rfc: 'RFC 8628 §3.4',
      channel: 'back',
      parameters: ['grant_type=urn:ietf:params:oauth:grant-type:device_code', 'device_code', 'client_id'],
      authenticates: 'none',
    },
    {
      id: 'authorization-pending',
      from: 'AS',
      to: 'TV',
      kind: 'response',
      label: '400 { "error": "authorization_pending" }',
      teaches: 'Until the user has decided, the server answers authorization_pending and the device keeps polling.',
      rfc: 'RFC 8628 §3.5',
      channel: 'back',
    },
    {
      id: 'poll-too-fast',
      from: 'TV',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token again, sooner than the interval',
      teaches: 'A device that polls faster than the interval the server gave it is told to back off.',
      rfc: 'RFC 8628 §3.5',
      channel: 'back',
    },
    {
      id: 'slow-down',
      from: 'AS',
      to: 'TV',
      kind: 'response',
      label: '400 { "error": "slow_down" }, interval + 5 s',
      teaches: 'On slow_down the device must add 5 seconds to its polling interval for this and all later requests.',
      rfc: 'RFC 8628 §3.5',
      channel: 'back',
    },
    {
      id: 'scan-qr-code',
      from: 'User',
      to: 'Phone',
      kind: 'user',
      label: 'Scans the QR code',
      teaches: 'The user moves to a device with a real browser, the phone, by scanning the code or typing the short URI.',
      rfc: 'RFC 8628 §3.3.1',
      channel: 'front',
    },
    {
      id: 'verification-page',
      from: 'Phone',
      to: 'AS',
      kind: 'request',
      label: 'GET /oauth/device?user_code=…',
      teaches:
        'The phone opens the verification page on the authorization server, where the user logs in and sees the user code to confirm.',
      rfc: 'RFC 8628 §3.3',
      channel: 'front',
      parameters: ['user_code'],
    },
    {
      id: 'user-approves',
      from: 'User',
      to: 'AS',
      kind: 'user',
      label: 'Logs in, checks the code matches the TV, approves',
      teaches:
        'The user approves only after checking that the code matches the one on the TV, so nobody can trick them into authorizing someone else’s device.',
      rfc: 'RFC 8628 §5.4',
      channel: 'front',
      decision: true,
      actions: [LET_CODE_EXPIRE],
      authenticates: 'user',
    },
    {
      id: 'poll-token-approved',
      from: 'TV',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (device_code), at the new interval',
      teaches: 'The device keeps polling at the slower interval and now finds the user’s decision.',
      rfc: 'RFC 8628 §3.4',
      channel: 'back',
      parameters: ['grant_type=urn:ietf:params:oauth:grant-type:device_code', 'device_code', 'client_id'],
      authenticates: 'none',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'TV',
      kind: 'response',
      label: '200 { access_token, refresh_token, expires_in }',
      teaches: 'Once approved, the device receives its tokens and the device_code can no longer be used.',
      rfc: 'RFC 8628 §3.5',
      channel: 'back',
    },
    {
      id: 'api-request',
      from: 'TV',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/photos, Bearer … → 200 { photos }',
      teaches:
        'The device calls the API with its new access token like any other client; the resource server checks the token and its scope, then answers.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'poll-token',
      text: 'The device polls the token endpoint before the user has approved. What does it get back?',
      options: [
        '400 with error authorization_pending, and it keeps polling',
        '200 with an access token limited to no scope',
        '400 with error access_denied, and it stops',
      ],
      answer: 0,
      explanation:
        'Until the user has decided, the token endpoint answers authorization_pending and the device polls again after the interval (RFC 8628 §3.5). access_denied comes only once the user denies, and polling faster than the interval earns slow_down.',
    },
  ],
} as const satisfies FlowDefinition;
