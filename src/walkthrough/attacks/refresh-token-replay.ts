import { refreshTokenReplay } from '../../flows/attacks/refresh-token-replay';
import { tokenAnswer, tokenResponseCheck } from '../browser-flow';
import { describeOAuthError, oauthErrorCode } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { recordCheck } from '../recorder';
import { attackStopped, byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, publicRefreshRequest, victimSignsInStep } from './victim-and-attacker';

/**
 * Refresh token replay against the public single-page app `spa`: the attacker copies its refresh token,
 * the app rotates it, the attacker presents the old one. The server's reuse detection is the defence
 * (the learner's `refresh-reuse-detection` lab switch). @see RFC 9700 §4.14.2
 */
export const refreshTokenReplayWalkthrough = defineAttackWalkthrough(refreshTokenReplay, (env, lab) => ({
  'victim-signs-in': victimSignsInStep(env, { redeem: true }),

  'attacker-copies-refresh-token': {
    async run(input) {
      const copied = recordCheck(env.recorder, 'refresh token copied', { refresh_token: input.learner.refresh_token ?? '' }, Boolean(input.learner.refresh_token), {
        detail: 'A public client’s refresh token is a bearer credential: whoever holds a copy can present it.',
        rfc: 'RFC 9700 §4.14',
      });
      return { events: byAttacker(lab, [copied]), learner: { attacker_refresh_token: input.learner.refresh_token ?? '' } };
    },
  },

  'client-refreshes': {
    async run(input) {
      const { response, body, event } = await publicRefreshRequest(env, input.learner.refresh_token ?? '');
      const pulled = await pullNewServerEvents(env, input, [event]);
      const answer = tokenAnswer(response, body);
      const result = { events: [event, ...pulled.events], serverSeq: pulled.serverSeq, learner: answer };
      return answer.token_error ? { ...result, outcome: 'error', message: `The app’s own refresh failed: ${answer.token_error_text}.` } : result;
    },
  },

  'client-gets-new-tokens': {
    async run(input) {
      return { events: [tokenResponseCheck(env, input.learner)] };
    },
  },

  'attacker-refreshes': {
    async run(input) {
      const { response, body, event } = await publicRefreshRequest(env, input.learner.attacker_refresh_token ?? '');
      const fields = tokenAnswer(response, body);
      return {
        events: byAttacker(lab, [event]),
        learner: response.ok
          ? { attacker_access_token: fields.access_token ?? '' }
          : { attacker_token_error: oauthErrorCode(body) || `HTTP ${response.status}`, token_error_text: describeOAuthError(body, response.status) },
      };
    },
  },

  // The defence, on the server: the rotated token's reuse (or, with the lab switch off, its acceptance).
  'verify-refresh-token': {
    async run(input) {
      const pulled = await pullNewServerEvents(env, input);
      const result = { events: pulled.events, serverSeq: pulled.serverSeq };
      if (!input.learner.attacker_token_error) return result;
      return {
        ...result,
        ...attackStopped(refreshTokenReplay, `the server refused the rotated refresh token (${input.learner.token_error_text}) and revoked the whole grant, the app’s new tokens included.`),
      };
    },
  },

  'attacker-gets-tokens': {
    async run(input) {
      const got = recordCheck(env.recorder, 'tokens obtained', { access_token: input.learner.attacker_access_token ?? '' }, Boolean(input.learner.attacker_access_token), {
        detail: 'A fresh access token for the victim’s account, from a refresh token the app no longer uses.',
        rfc: 'RFC 6749 §5.1',
      });
      return { events: byAttacker(lab, [got]) };
    },
  },

  'attacker-api-request': attackerApiRequestStep(env, lab),
  'attacker-api-response': attackerApiResponseStep(env, refreshTokenReplay, 'with tokens from a refresh token the app had already rotated'),
}));
