import { CLIENT_PAGES } from '../../authserver/paths';
import { codeReplay } from '../../flows/attacks/code-replay';
import { publicTokenRequest, tokenAnswer, tokenResponseCheck } from '../browser-flow';
import { pullNewServerEvents } from '../env';
import { recordCheck } from '../recorder';
import { byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep, attackerTokenAnswer, serverDefenceStep, victimSignsInStep, victimSpa } from './victim-and-attacker';

/**
 * Authorization code replay against the public single-page app `spa`: the victim's app redeems its code,
 * the attacker redeems the same code again with the same verifier. The server's single-use rule is the
 * defence (the learner's `single-use-code` lab switch). @see RFC 6749 §4.1.2, §10.5
 */


export const codeReplayWalkthrough = defineAttackWalkthrough(codeReplay, (env, lab) => {
  const redirectUri = `${env.origin}${CLIENT_PAGES.callback}`;

  return {
    'victim-authorizes': victimSignsInStep(env, { redeem: false }),

    'token-request': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: victimSpa.client_id,
          code: input.learner.code ?? '',
          redirect_uri: redirectUri,
          code_verifier: input.learner.code_verifier ?? '',
        });
        const pulled = await pullNewServerEvents(env, input, [event]);
        return { events: [event, ...pulled.events], serverSeq: pulled.serverSeq, learner: tokenAnswer(response, body) };
      },
    },

    'token-response': {
      async run(input) {
        if (input.learner.token_error) return { outcome: 'error', message: `The app’s own redemption failed: ${input.learner.token_error_text ?? input.learner.token_error}.` };
        return { events: [tokenResponseCheck(env, input.learner)] };
      },
    },

    'attacker-reads-log': {
      async run(input) {
        const leaked = recordCheck(
          env.recorder,
          'token request found in a log',
          { code: input.learner.code ?? '', code_verifier: input.learner.code_verifier ?? '', client_id: victimSpa.client_id },
          true,
          { detail: 'Everything the public client sent: no secret is needed to send it again.', rfc: 'RFC 6749 §10.5' },
        );
        return { events: byAttacker(lab, [leaked]), learner: { attacker_code: input.learner.code ?? '' } };
      },
    },

    'replay-code': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: victimSpa.client_id,
          code: input.learner.attacker_code ?? '',
          redirect_uri: redirectUri,
          code_verifier: input.learner.code_verifier ?? '',
        });
        return { events: byAttacker(lab, [event]), learner: attackerTokenAnswer(response, body) };
      },
    },

    // The defence, on the server: the code's single use (or, with the lab switch off, its replay).
    'verify-code': serverDefenceStep(env, codeReplay, (refusal) => `the server refused the used code (${refusal}) and revoked the tokens issued from it.`),
    'replay-token-response': attackerHoldsTokensStep(env, lab, 'A second, working set of tokens for the victim’s account, issued to the attacker.'),

    'attacker-api-request': attackerApiRequestStep(env, lab),
    'attacker-api-response': attackerApiResponseStep(env, codeReplay, 'with tokens from a code that had already been used'),
  };
});
