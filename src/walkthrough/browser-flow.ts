import {
  authenticatedPost,
  bearerRequest,
  describeOAuthError,
  oauthErrorCode,
  parseJsonObject,
  tokenResponseFields,
  type ConfidentialClient,
  type TokenField,
} from './client-requests';
import { ENDPOINTS, SITE_BASE } from '../authserver/paths';
import { GRANT_AUTHORIZATION_CODE } from '../authserver/seed';
import { apiDidNotAnswer, learnerTokens, stateMatches, tokenResponseUsable } from './client-checks';
import { demoUser } from './demo';
import { frameDocumentExchange, pullNewServerEvents, type WalkthroughEnv } from './env';
import { createCodeVerifier, s256CodeChallenge } from './pkce';
import { recordCheck, recordedFetch, type ClientEvent, type RecordedFetchResult } from './recorder';
import type { DecisionEffect, FieldName, LearnerData, LearnerWrites, StepEffect, StepResult } from './types';

/**
 * Step effects shared by the flows that send the user's browser to the authorization endpoint and
 * get an answer back at the app's redirect_uri (Authorization Code with PKCE, native apps, implicit):
 * building the request, opening it in the frame, the user's decision, reading the answer, the
 * state and iss checks, the token request of a public or a confidential client, and the API call.
 * @see RFC 6749 §4.1, §4.2; RFC 7636; RFC 8252
 */

/** One parameter of the authorization request, with why it is there (shown in the Inspector). */
export interface AuthorizationParameter {
  value: string;
  why: string;
}

/** The authorization endpoint URL carrying `parameters` in its query. @see RFC 6749 §4.1.1 */
export function buildAuthorizationUrl(endpoint: string, parameters: Readonly<Record<string, AuthorizationParameter>>): string {
  const url = new URL(endpoint);
  for (const [name, { value }] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

/** The client's record of the URL it built, each parameter annotated. */
export function authorizationUrlBuilt(
  env: WalkthroughEnv,
  authorizationUrl: string,
  parameters: Readonly<Record<string, AuthorizationParameter>>,
  about: { detail: string; rfc: string },
): ClientEvent {
  return recordCheck(env.recorder, 'authorization URL built', { authorization_url: authorizationUrl, ...parameters }, true, about);
}

/** Whether a frame URL is the app's redirect_uri (query and fragment aside): the server's answer. */
export function isRedirectTo(redirectUri: string): (url: string) => boolean {
  return (url) => url.split(/[?#]/)[0] === redirectUri;
}

/**
 * The parameters of an authorization response: the query for `code` (and errors), the fragment
 * for the implicit grant's token. @see RFC 6749 §4.1.2, §4.2.2
 */
export function authorizationResponseOf(url: string): Record<string, string> {
  const parsed = new URL(url);
  return { ...Object.fromEntries(parsed.searchParams), ...Object.fromEntries(new URLSearchParams(parsed.hash.slice(1))) };
}

/** What the learner reads when the server answered with an error instead of a code or token. */
export function authorizationErrorMessage(received: Record<string, string>): string {
  const description = received.error_description ? ` (${received.error_description})` : '';
  return received.error === 'access_denied'
    ? 'The user denied the request: the server sent the browser back with error=access_denied instead of a code. The app stops here, with no code and no tokens.'
    : `The server refused the request and sent the browser back with error=${received.error}${description}. The app stops here.`;
}

/**
 * Opens the authorization URL in the frame. Usually the server's login and consent page appears;
 * a request the server refuses (after it verified client_id and redirect_uri) comes straight back
 * to the redirect_uri with an error, which ends the run. @see RFC 6749 §4.1.2.1
 */
export function authorizationRequestStep(env: WalkthroughEnv, isAnswer: (url: string) => boolean): StepEffect<'authorization_url', 'error'> {
  return {
    async run(input) {
      const authorizationUrl = input.learner.authorization_url;
      if (!authorizationUrl) throw new Error('No authorization URL: run the first step again.');
      const landed = await env.frame.navigate(authorizationUrl);
      const pulled = await pullNewServerEvents(env, input);
      const result: StepResult<never> = { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq };
      if (!isAnswer(landed)) return result;
      const received = authorizationResponseOf(landed);
      return {
        ...result,
        learner: { error: received.error ?? 'unknown' },
        outcome: 'error',
        message: authorizationErrorMessage(received),
      };
    },
  };
}

/**
 * The user signs in and decides inside the frame; Next (or the Approve/Deny buttons) answers the
 * page for them. The step completes when the frame is back at the app. @see RFC 6749 §4.1.2
 */
export function userDecidesStep(env: WalkthroughEnv, isAnswer: (url: string) => boolean): DecisionEffect<never, 'decision'> {
  return {
    isAnswer,
    async run(input) {
      const current = env.frame.currentUrl();
      const landed =
        current && isAnswer(current) ? current : await env.frame.submitConsent(input.decision ?? 'approve', demoUser, isAnswer);
      if (!isAnswer(landed)) {
        return {
          frameUrl: landed,
          outcome: 'error',
          message: `The browser did not come back to the app (it is at ${landed}). Check the login form in the frame.`,
        };
      }
      const answer = authorizationResponseOf(landed);
      return { frameUrl: landed, learner: { decision: answer.error ? 'deny' : 'approve' } };
    },
  };
}

/**
 * The browser loads the app's redirect endpoint; the app reads `code`, `state` and `iss` from the
 * query, or the error. @see RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 §2
 */
export function callbackStep(
  env: WalkthroughEnv,
  isAnswer: (url: string) => boolean,
): StepEffect<never, 'code' | 'returned_state' | 'iss' | 'error' | 'error_description'> {
  return {
    async run(input) {
      const url = env.frame.currentUrl() ?? input.frameUrl;
      if (!url || !isAnswer(url)) throw new Error('The browser frame is not at the app’s redirect_uri.');
      const received = authorizationResponseOf(url);
      const events = [frameDocumentExchange(env, url)];
      if (received.error) {
        return {
          events,
          learner: { error: received.error, ...(received.error_description ? { error_description: received.error_description } : {}) },
          outcome: received.error === 'access_denied' ? 'denied' : 'error',
          message: authorizationErrorMessage(received),
        };
      }
      return {
        events,
        learner: { code: received.code ?? '', returned_state: received.state ?? '', ...(received.iss ? { iss: received.iss } : {}) },
      };
    },
  };
}

/** The state and iss checks of an authorization response; a failure ends the run. @see RFC 6749 §10.12; RFC 9207 §2.4 */
export function stateAndIssuerChecks(env: WalkthroughEnv, learner: LearnerData<'state' | 'returned_state' | 'iss'>): StepResult<never> {
  const state = stateMatches(env, learner.state ?? '', learner.returned_state);
  const issuer = learner.iss ?? '';
  // The server's issuer is the site's origin, with the site's base path when it is published under one.
  const expected = `${env.origin}${SITE_BASE}`;
  const issuerMatches = issuer === expected;
  const events = [
    state.event,
    recordCheck(env.recorder, 'iss matches', { expected, received: issuer || '(missing)' }, issuerMatches, {
      detail: issuerMatches
        ? 'The response names the authorization server the app sent the user to.'
        : 'The response names another issuer (or none): a mix-up attack may be under way.',
      rfc: 'RFC 9207 §2.4',
    }),
  ];
  if (!state.passed) {
    return { events, outcome: 'error', message: 'state does not match: the app stops and does not redeem the code (CSRF protection, RFC 6749 §10.12).' };
  }
  if (!issuerMatches) {
    return { events, outcome: 'error', message: 'iss does not match the expected issuer: the app stops (mix-up protection, RFC 9207).' };
  }
  return { events };
}

/** The app's check of the authorization response, as a step: state, then iss. @see RFC 6749 §10.12; RFC 9207 §2.4 */
export function checkStateStep(env: WalkthroughEnv): StepEffect<'state' | 'returned_state' | 'iss', never> {
  return {
    async run(input) {
      return stateAndIssuerChecks(env, input.learner);
    },
  };
}

/**
 * The round trip through the user's browser that every redirect-based flow makes once it has built its
 * authorization URL: the request opened in the frame, the user's decision, the answer at `redirectUri`,
 * and the app's state and iss checks. @see RFC 6749 §4.1.1–§4.1.2; RFC 9207 §2.4
 */
export function redirectRoundTrip(env: WalkthroughEnv, redirectUri: string) {
  const isAnswer = isRedirectTo(redirectUri);
  return {
    'authorization-request': authorizationRequestStep(env, isAnswer),
    'user-decides': userDecidesStep(env, isAnswer),
    callback: callbackStep(env, isAnswer),
    'check-state': checkStateStep(env),
  };
}

/**
 * Step one of PKCE: a fresh code_verifier from the browser's random source and its S256 challenge,
 * computed with Web Crypto, recorded with every intermediate value. @see RFC 7636 §4.1, §4.2
 */
export function createVerifierStep(
  env: WalkthroughEnv,
  rfc = 'RFC 7636 §4.2',
): StepEffect<never, 'code_verifier' | 'code_challenge' | 'code_challenge_method'> {
  return {
    async run() {
      const pair = await s256CodeChallenge(createCodeVerifier(env.random));
      return {
        learner: { code_verifier: pair.code_verifier, code_challenge: pair.code_challenge, code_challenge_method: pair.code_challenge_method },
        events: [
          recordCheck(
            env.recorder,
            'code_challenge derived',
            {
              code_verifier: { value: pair.code_verifier, why: '32 random bytes, base64url: 43 characters. Stays in the app until the token request.' },
              'SHA-256(code_verifier)': { value: pair.sha256_hex, why: 'crypto.subtle.digest("SHA-256", …) of its ASCII bytes, shown here in hex.' },
              code_challenge: { value: pair.code_challenge, why: 'The same 32-byte hash, base64url encoded without padding: what the request carries.' },
              code_challenge_method: { value: pair.code_challenge_method, why: 'Tells the server how to check the verifier later.' },
            },
            true,
            { detail: 'code_challenge = BASE64URL(SHA-256(ASCII(code_verifier))). Only the challenge travels through the browser.', rfc },
          ),
        ],
      };
    },
  };
}

/**
 * A public client's token request: no secret, `client_id` in the body, and the `code_verifier`
 * that proves it started the flow. @see RFC 6749 §4.1.3, §3.2.1; RFC 7636 §4.5
 */
export function publicTokenRequest(
  env: WalkthroughEnv,
  params: { client_id: string; code: string; redirect_uri: string; code_verifier?: string },
): Promise<RecordedFetchResult> {
  const body = new URLSearchParams({ grant_type: GRANT_AUTHORIZATION_CODE, code: params.code, redirect_uri: params.redirect_uri, client_id: params.client_id });
  if (params.code_verifier !== undefined) body.set('code_verifier', params.code_verifier);
  return recordedFetch(
    env.fetch,
    env.recorder,
    `${env.origin}${ENDPOINTS.token}`,
    { method: 'POST', headers: { Accept: 'application/json' }, body },
    { server: 'authserver', channel: 'back' },
  );
}

/** What a confidential client's code redemption sends besides the code: its code_verifier, when it used PKCE. @see RFC 7636 §4.5 */
export function codeVerifierOf(learner: LearnerData<'code_verifier'>): Record<string, string> {
  return { code_verifier: learner.code_verifier ?? '' };
}

/**
 * A confidential client redeems its code at the token endpoint, authenticated with its secret
 * (`client_secret_basic`), with what `extra` adds from the learner data (e.g. {@link codeVerifierOf}).
 * `keep` says what the app keeps from a good answer; a refused one shows the server's checks and ends
 * the run, `refused` adding a sentence for the learner. @see RFC 6749 §4.1.3, §2.3.1, §5.2
 */
export function confidentialTokenRequestStep<W extends FieldName, R extends FieldName = never>(
  env: WalkthroughEnv,
  client: ConfidentialClient,
  redirectUri: string,
  options: { keep: (response: Response, body: string) => LearnerWrites<W>; extra?: (learner: LearnerData<R>) => Record<string, string>; refused?: string },
): StepEffect<'code' | 'redirect_uri' | R, W> {
  return {
    async run(input) {
      const { response, body, event } = await authenticatedPost(env, ENDPOINTS.token, client, {
        grant_type: GRANT_AUTHORIZATION_CODE,
        code: input.learner.code ?? '',
        redirect_uri: input.learner.redirect_uri ?? redirectUri,
        ...options.extra?.(input.learner),
      });
      if (!response.ok) {
        const pulled = await pullNewServerEvents(env, input, [event]);
        return {
          events: [event, ...pulled.events],
          serverSeq: pulled.serverSeq,
          outcome: 'error',
          message: `The token endpoint refused: ${describeOAuthError(body, response.status)}.${options.refused ? ` ${options.refused}` : ''}`,
        };
      }
      return { events: [event], learner: options.keep(response, body) };
    },
  };
}

/** The fields {@link tokenAnswer} writes. */
export type TokenAnswerField = TokenField | 'token_cache_control' | 'token_error' | 'token_error_text';

/**
 * What the app keeps from a token endpoint answer: the token fields on success, `token_error`
 * (with its description) on failure. @see RFC 6749 §5.1, §5.2
 */
export function tokenAnswer(response: Response, text: string): LearnerWrites<TokenAnswerField> {
  if (!response.ok) {
    return { token_error: oauthErrorCode(text) || `HTTP ${response.status}`, token_error_text: describeOAuthError(text, response.status) };
  }
  return { ...tokenResponseFields(text), token_cache_control: response.headers.get('cache-control') ?? '' };
}

/**
 * After the token request: the server's checks (PKCE among them). A refused request ends the run
 * here, with the server's error. @see RFC 6749 §5.2; RFC 7636 §4.6
 */
export function verifyOnServerStep(env: WalkthroughEnv, explain: (errorText: string) => string): StepEffect<'token_error' | 'token_error_text', never> {
  return {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const error = input.learner.token_error;
      if (!error) return { events: pulled.events, serverSeq: pulled.serverSeq };
      return {
        events: pulled.events,
        serverSeq: pulled.serverSeq,
        outcome: 'error',
        message: explain(input.learner.token_error_text ?? error),
      };
    },
  };
}

/** The app's look at the token response: a Bearer access token, not cacheable. @see RFC 6749 §5.1 */
export function tokenResponseCheck(env: WalkthroughEnv, learner: LearnerData<TokenField | 'token_cache_control'>): ClientEvent {
  return tokenResponseUsable(env, learnerTokens(learner), {
    usable: 'A short-lived Bearer access token; the response must not be cached (Cache-Control: no-store).',
  }).event;
}

/** The app calls an API path with its access token as a Bearer token and keeps the answer. @see RFC 6750 §2.1 */
export function apiRequestStep(env: WalkthroughEnv, path: string): StepEffect<'access_token', 'api_status' | 'api_response'> {
  return {
    async run(input) {
      const { body, event, response } = await bearerRequest(env, path, input.learner.access_token ?? '');
      return { events: [event], learner: { api_status: response.status, api_response: body } };
    },
  };
}

/** The API's answer as the app reads it: the server's checks, and a stop when it is not 200. @see RFC 6750 §3 */
export function apiResponseStep(env: WalkthroughEnv, done: (body: Record<string, unknown>) => string): StepEffect<'api_status' | 'api_response', never> {
  return {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const refused = apiDidNotAnswer(input.learner.api_status ?? 0);
      if (refused) return { events: pulled.events, serverSeq: pulled.serverSeq, ...refused };
      return { events: pulled.events, serverSeq: pulled.serverSeq, message: done(parseJsonObject(input.learner.api_response ?? '') ?? {}) };
    },
  };
}
