import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { GRANT_REFRESH_TOKEN } from '../../authserver/seed';
import type { AttackDefinition } from '../../flows/attacks/types';
import { approveByFetch } from '../authorized-setup';
import { publicTokenRequest, tokenAnswer } from '../browser-flow';
import { bearerRequest, describeOAuthError, oauthErrorCode, parseJsonObject } from '../client-requests';
import { demoClient, demoUser } from '../demo';
import { pullNewServerEvents, queryOf, redirectEndpointExchange, type WalkthroughEnv } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck, recordedFetch, type RecordedFetchResult } from '../recorder';
import type { LearnerFields, StepEffect, StepResult } from '../types';
import { attackStopped, attackSucceeded, byAttacker, type AttackLab } from './define';

/**
 * Steps several attack lessons share: the victim signing in to the lab's public single-page app
 * (`spa`, Authorization Code with PKCE, played by `fetch`), and the attacker calling the API with a
 * token they obtained, which ends the run with "Attack succeeded".
 */

/** The victim's app: the public single-page app of the PKCE flow. */
export const victimSpa = { client_id: demoClient('spa').client_id, scope: 'profile photos.read', redirect_path: CLIENT_PAGES.callback } as const;

/**
 * The victim signs in and approves; the browser comes back with a code, which the app redeems with its
 * verifier. Learner data: the code, the verifier and the app's tokens. @see RFC 6749 §4.1; RFC 7636
 */
export function victimSignsInStep(env: WalkthroughEnv, { redeem }: { redeem: boolean }): StepEffect {
  return {
    async run(input) {
      const redirectUri = `${env.origin}${victimSpa.redirect_path}`;
      const pair = await s256CodeChallenge(createCodeVerifier(env.random));
      const state = randomToken(16, env.random);
      const url = new URL(`${env.origin}${ENDPOINTS.authorize}`);
      const parameters = {
        response_type: 'code',
        client_id: victimSpa.client_id,
        redirect_uri: redirectUri,
        scope: victimSpa.scope,
        state,
        code_challenge: pair.code_challenge,
        code_challenge_method: pair.code_challenge_method,
      };
      for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
      const answer = await approveByFetch(env, url.href, demoUser);
      if ('refused' in answer) {
        const pulled = await pullNewServerEvents(env, input);
        return { events: pulled.events, serverSeq: pulled.serverSeq, outcome: 'error', message: `The sign-in failed: ${answer.refused}` };
      }
      const received = queryOf(answer.url);
      const learner = { state, redirect_uri: redirectUri, code_verifier: pair.code_verifier, code: received.code ?? '', returned_state: received.state ?? '' };
      const events = [redirectEndpointExchange(env, answer.url, answer.status)];
      if (!redeem) {
        const pulled = await pullNewServerEvents(env, input, events);
        return { events: [...pulled.events, ...events], serverSeq: pulled.serverSeq, learner };
      }
      const exchange = await publicTokenRequest(env, { client_id: victimSpa.client_id, code: learner.code, redirect_uri: redirectUri, code_verifier: pair.code_verifier });
      const pulled = await pullNewServerEvents(env, input, [...events, exchange.event]);
      const tokens = tokenAnswer(exchange.response, exchange.body);
      const result: StepResult = { events: [...pulled.events, ...events, exchange.event], serverSeq: pulled.serverSeq, learner: { ...learner, ...tokens } };
      return tokens.token_error ? { ...result, outcome: 'error', message: `The app’s own sign-in failed: ${tokens.token_error_text ?? tokens.token_error}.` } : result;
    },
  };
}

/** The attacker calls the API with the access token they hold. @see RFC 6750 §2.1 */
export function attackerApiRequestStep(env: WalkthroughEnv, lab: AttackLab): StepEffect {
  return {
    async run(input) {
      const { body, event, response } = await bearerRequest(env, ENDPOINTS.apiMe, input.learner.attacker_access_token ?? '');
      return { events: byAttacker(lab, [event]), learner: { attacker_api_status: response.status, attacker_api_response: body } };
    },
  };
}

/** The API's answer to the attacker, with the resource server's checks: "Attack succeeded" when it is 200. @see RFC 6750 §3 */
export function attackerApiResponseStep(env: WalkthroughEnv, attack: AttackDefinition, how: string): StepEffect {
  return {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const status = input.learner.attacker_api_status ?? 0;
      const name = parseJsonObject(input.learner.attacker_api_response ?? '')?.name;
      const result = { events: pulled.events, serverSeq: pulled.serverSeq };
      if (status !== 200) return { ...result, outcome: 'error', message: `The API refused the attacker’s token (HTTP ${status}), so the ${attack.title.toLowerCase()} failed.` };
      return { ...result, ...attackSucceeded(`the attacker read ${typeof name === 'string' ? name : 'the victim'}’s profile ${how}.`) };
    },
  };
}

/** The public app's refresh request: no secret, its `client_id` in the body. @see RFC 6749 §6, §3.2.1 */
export function publicRefreshRequest(env: WalkthroughEnv, refreshToken: string): Promise<RecordedFetchResult> {
  const body = new URLSearchParams({ grant_type: GRANT_REFRESH_TOKEN, refresh_token: refreshToken, client_id: victimSpa.client_id });
  return recordedFetch(env.fetch, env.recorder, `${env.origin}${ENDPOINTS.token}`, { method: 'POST', headers: { Accept: 'application/json' }, body }, { server: 'authserver', channel: 'back' });
}

/** What the attacker keeps from a token endpoint answer: the access token, or the refusal. @see RFC 6749 §5.1, §5.2 */
export function attackerTokenAnswer(response: Response, body: string): Partial<LearnerFields> {
  if (response.ok) return { attacker_access_token: tokenAnswer(response, body).access_token ?? '' };
  return { attacker_token_error: oauthErrorCode(body) || `HTTP ${response.status}`, token_error_text: describeOAuthError(body, response.status) };
}

/**
 * The server's check of the attacker's token request (the lesson's defence): shows what the server
 * recorded, and ends the run with "Attack stopped" when the server refused the attacker.
 */
export function serverDefenceStep(env: WalkthroughEnv, attack: AttackDefinition, stopped: (refusal: string) => string): StepEffect {
  return {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const result = { events: pulled.events, serverSeq: pulled.serverSeq };
      if (!input.learner.attacker_token_error) return result;
      return { ...result, ...attackStopped(attack, stopped(input.learner.token_error_text ?? input.learner.attacker_token_error)) };
    },
  };
}

/** The attacker now holds a working access token for the victim's account. @see RFC 6749 §5.1 */
export function attackerHoldsTokensStep(env: WalkthroughEnv, lab: AttackLab, detail: string): StepEffect {
  return {
    async run(input) {
      const token = input.learner.attacker_access_token ?? '';
      return { events: byAttacker(lab, [recordCheck(env.recorder, 'tokens obtained', { access_token: token }, Boolean(token), { detail, rfc: 'RFC 6749 §5.1' })]) };
    },
  };
}
