import { parseChallenge, type TokenField, type TokenResponseFields } from './client-requests';
import type { WalkthroughEnv } from './env';
import { constantTimeEqual, recordCheck, type ClientEvent } from './recorder';
import type { LearnerData, StepResult } from './types';

/**
 * The checks a client app makes on what it receives, written once for every flow: the state of an
 * authorization response, a usable token response, an API's Bearer refusal, and whether the API answered.
 */

/** The state check: the app only accepts answers to requests it started. @see RFC 6749 §10.12 */
export function stateMatches(
  env: WalkthroughEnv,
  expected: string,
  received: string | undefined,
  detail = {
    passed: 'The state that came back is the one this app stored, so this response answers a request the app started.',
    failed: 'The state that came back is not the one this app stored: the response may be forged (CSRF). The app must not use it.',
  },
): { event: ClientEvent; passed: boolean } {
  const passed = expected !== '' && constantTimeEqual(expected, received ?? '');
  const event = recordCheck(env.recorder, 'state matches', { expected, received: received ?? '(missing)' }, passed, {
    detail: passed ? detail.passed : detail.failed,
    rfc: 'RFC 6749 §10.12',
  });
  return { event, passed };
}

/** The token response fields the app looks at, with the response's `Cache-Control` header when the app saw it. */
export type TokenFields = TokenResponseFields & { cache_control?: string | undefined };

/** The token fields the learner data keeps, with the `Cache-Control` header the token step saw. */
export function learnerTokens(learner: LearnerData<TokenField | 'token_cache_control'>): TokenFields {
  const { access_token, token_type, expires_in, refresh_token, scope, token_cache_control } = learner;
  return { access_token, token_type, expires_in, refresh_token, scope, cache_control: token_cache_control ?? '' };
}

/**
 * The app's look at a token response: a Bearer access token, not cacheable (when the header was
 * seen), and the scope it needs (when it asks for one). @see RFC 6749 §5.1
 */
export function tokenResponseUsable(
  env: WalkthroughEnv,
  tokens: TokenFields,
  about: {
    /** A scope the token must carry. */
    scope?: string;
    /** What the learner reads when it is usable. */
    usable: string;
    /** What the learner reads when it is not. */
    unusable?: string;
    rfc?: string;
  },
): { event: ClientEvent; usable: boolean } {
  const { access_token = '', token_type = '', cache_control } = tokens;
  const checksCache = cache_control !== undefined;
  const usable =
    access_token !== '' &&
    token_type.toLowerCase() === 'bearer' &&
    (about.scope === undefined || (tokens.scope ?? '').split(' ').includes(about.scope)) &&
    (!checksCache || /\bno-store\b/i.test(cache_control));
  const inputs = {
    token_type: token_type || '(missing)',
    expires_in: tokens.expires_in ?? '(missing)',
    ...(about.scope !== undefined ? { scope: tokens.scope ?? '' } : {}),
    refresh_token: tokens.refresh_token ?? '(none)',
    ...(checksCache ? { 'cache-control': cache_control || '(missing)' } : {}),
    access_token,
  };
  const event = recordCheck(env.recorder, 'token response usable', inputs, usable, {
    detail: usable ? about.usable : (about.unusable ?? `The response lacks a Bearer access_token${checksCache ? ' or Cache-Control: no-store' : ''}.`),
    rfc: about.rfc ?? 'RFC 6749 §5.1',
  });
  return { event, usable };
}

/**
 * The API refused the token as expected: `status` with `WWW-Authenticate: Bearer error="<error>"`.
 * @see RFC 6750 §3.1
 */
export function bearerRefusal(
  env: WalkthroughEnv,
  name: string,
  answer: { status: number; wwwAuthenticate: string },
  expected: { status: 401 | 403; error: 'invalid_token' | 'insufficient_scope' },
  detail: { refused: (challenge: Record<string, string> | null) => string; accepted: string },
): { event: ClientEvent; refused: boolean; challenge: Record<string, string> | null } {
  const challenge = parseChallenge(answer.wwwAuthenticate);
  const refused = answer.status === expected.status && challenge?.error === expected.error;
  const inputs = {
    status: answer.status,
    'www-authenticate': answer.wwwAuthenticate || '(missing)',
    ...(expected.error === 'insufficient_scope' ? { needed_scope: challenge?.scope ?? '(not named)' } : {}),
  };
  const event = recordCheck(env.recorder, name, inputs, refused, {
    detail: refused ? detail.refused(challenge) : detail.accepted,
    rfc: 'RFC 6750 §3.1',
  });
  return { event, refused, challenge };
}

/** The run stops when the API did not answer 200: the learner is pointed at its challenge. @see RFC 6750 §3 */
export function apiDidNotAnswer(status: number): Required<Pick<StepResult, 'outcome' | 'message'>> | null {
  if (status === 200) return null;
  return { outcome: 'error', message: `The API answered ${status}; see its WWW-Authenticate header in the Inspector (RFC 6750 §3).` };
}
