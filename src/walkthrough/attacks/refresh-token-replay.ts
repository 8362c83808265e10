import { refreshTokenReplay } from '../../flows/attacks/refresh-token-replay';
import { tokenAnswer, tokenResponseCheck } from '../browser-flow';
import { pullNewServerEvents } from '../env';
import { recordCheck } from '../recorder';
import { byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep, attackerTokenAnswer, publicRefreshRequest, serverDefenceStep, victimSignsInStep } from './victim-and-attacker';

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
      return { events: byAttacker(lab, [event]), learner: attackerTokenAnswer(response, body) };
    },
  },

  // The defence, on the server: the rotated token's reuse (or, with the lab switch off, its acceptance).
  'verify-refresh-token': serverDefenceStep(
    env,
    refreshTokenReplay,
    (refusal) => `the server refused the rotated refresh token (${refusal}) and revoked the whole grant, the app’s new tokens included.`,
  ),
  'attacker-gets-tokens': attackerHoldsTokensStep(env, lab, 'A fresh access token for the victim’s account, from a refresh token the app no longer uses.'),

  'attacker-api-request': attackerApiRequestStep(env, lab),
  'attacker-api-response': attackerApiResponseStep(env, refreshTokenReplay, 'with tokens from a refresh token the app had already rotated'),
}));
