import { ENDPOINTS } from '../../authserver/paths';
import type { ExchangeEvent } from '../../trace/events';
import type { Decision, RecordedEvent, StepResult } from '../types';

/**
 * The rules the TV follows in the device flow, as pure functions: reading the device
 * authorization response, telling a "keep polling" answer from one that ends the flow,
 * and reading the user's answer on the phone from the server's trace.
 * @see RFC 8628 §3.2, §3.5
 */

/** The device authorization response. @see RFC 8628 §3.2 */
export interface DeviceAuthorizationAnswer {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  /** Seconds between polls; 5 when the server sends none. */
  interval: number;
}

/** The device authorization response, or null when a required member is missing. @see RFC 8628 §3.2 */
export function deviceAnswerOf(text: string): DeviceAuthorizationAnswer | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const body = json as Record<string, unknown>;
  const nonEmptyText = (name: string) => (typeof body[name] === 'string' && body[name] !== '' ? (body[name] as string) : undefined);
  const positiveSeconds = (name: string) => (typeof body[name] === 'number' && Number.isFinite(body[name]) && (body[name] as number) > 0 ? (body[name] as number) : undefined);
  const device_code = nonEmptyText('device_code');
  const user_code = nonEmptyText('user_code');
  const verification_uri = nonEmptyText('verification_uri');
  const expires_in = positiveSeconds('expires_in');
  if (!device_code || !user_code || !verification_uri || expires_in === undefined) return null;
  const verification_uri_complete = nonEmptyText('verification_uri_complete');
  return {
    device_code,
    user_code,
    verification_uri,
    ...(verification_uri_complete ? { verification_uri_complete } : {}),
    expires_in,
    // "If no value is provided, clients MUST use 5 as the default." @see RFC 8628 §3.2
    interval: positiveSeconds('interval') ?? 5,
  };
}

/** Poll answers after which the TV keeps polling. @see RFC 8628 §3.5 */
export const KEEP_POLLING: ReadonlySet<string> = new Set(['authorization_pending', 'slow_down']);

/**
 * What a poll's answer means when the TV expects to keep polling, or expects its tokens:
 * null when it goes on, otherwise how the run ends and why.
 * @see RFC 8628 §3.5
 */
export function pollOutcome(
  error: string,
  expecting: 'keep-polling' | 'tokens',
  responseText: string,
  status: number,
): Pick<StepResult, 'outcome' | 'message'> | null {
  if (expecting === 'tokens' ? status === 200 : KEEP_POLLING.has(error)) return null;
  switch (error) {
    case 'access_denied':
      return {
        outcome: 'denied',
        message: 'access_denied: the user denied the TV on the phone. The TV stops polling, gets no tokens, and shows that sign-in was cancelled.',
      };
    case 'expired_token':
      return {
        outcome: 'error',
        message:
          'expired_token: the device_code expired (expires_in ran out) before the user approved. The TV stops polling and must start again with a new device authorization request.',
      };
    case 'authorization_pending':
    case 'slow_down':
      return {
        outcome: 'error',
        message: `${error}: the user has not approved yet, so there are no tokens. A real TV would keep polling at its interval.`,
      };
    default: {
      const description = describe(responseText);
      return {
        outcome: 'error',
        message: `The token endpoint answered ${error || `HTTP ${status}`}${description ? ` (${description})` : ''}. The TV stops polling.`,
      };
    }
  }
}

function describe(text: string): string {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>).error_description;
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

/** How the phone's form post on the verification page went: its status and, when accepted, the user's decision. */
export interface VerificationAnswer {
  status: number | null;
  decision: Decision | null;
}

/**
 * The user's answer on the verification page, read from the server's record of the form post
 * (the POST to the verification page): the latest one among `events`. Accepted only with a 200 page.
 */
export function verificationAnswer(events: readonly RecordedEvent[], verificationPath: string = ENDPOINTS.deviceVerification): VerificationAnswer {
  const post = events.findLast(
    (event): event is RecordedEvent & ExchangeEvent =>
      event.type === 'exchange' &&
      event.request.method.toUpperCase() === 'POST' &&
      new URL(event.request.url, 'http://origin.invalid').pathname === verificationPath,
  );
  if (!post) return { status: null, decision: null };
  const status = post.response.status;
  const decision = new URLSearchParams(post.request.body ?? '').get('decision');
  return {
    status,
    decision: status === 200 && (decision === 'approve' || decision === 'deny') ? decision : null,
  };
}
