import { ENDPOINTS } from '../../authserver/paths';
import { codeInterception } from '../../flows/attacks/code-interception';
import {
  authorizationRequestStep,
  authorizationResponseOf,
  buildAuthorizationUrl,
  createVerifierStep,
  isRedirectTo,
  publicTokenRequest,
  userDecidesStep,
} from '../browser-flow';
import { loopbackRedirectUri, nativeApp } from '../flows/native-app';
import { randomToken } from '../learner';
import { recordCheck } from '../recorder';
import { byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep, attackerTokenAnswer, serverDefenceStep } from './victim-and-attacker';

/**
 * Code interception against the native app `native-app`: its loopback redirect (standing in for a
 * custom scheme two apps claim) is answered by the attacker's app, which redeems the code without the
 * verifier. The server's PKCE check is the defence (the learner's `pkce-required` lab switch).
 * @see RFC 7636 §1; RFC 8252 §8.1
 */
export const codeInterceptionWalkthrough = defineAttackWalkthrough(codeInterception, (env, lab) => {
  const redirectUri = loopbackRedirectUri(env.origin);
  const isAnswer = isRedirectTo(redirectUri);
  const verifier = createVerifierStep(env, 'RFC 8252 §8.1');

  return {
    // The PKCE pair, and the authorization URL that carries its challenge. @see RFC 7636 §4.3; RFC 8252 §7.3
    'create-verifier': {
      async run(input) {
        const made = await verifier.run(input);
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, {
          response_type: { value: 'code', why: 'Ask for an authorization code. RFC 6749 §4.1.1' },
          client_id: { value: nativeApp.client_id, why: 'A public client: no secret to prove who redeems the code. RFC 8252 §8.5' },
          redirect_uri: { value: redirectUri, why: 'The redirect the attacker’s app claims as well. RFC 8252 §7.3' },
          scope: { value: nativeApp.scope, why: 'What the app asks to do. RFC 6749 §3.3' },
          state: { value: randomToken(16, env.random), why: 'Random; expected back unchanged. RFC 8252 §8.9' },
          code_challenge: { value: made.learner?.code_challenge ?? '', why: 'S256 hash of the verifier only this app holds. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'How the server checks the verifier later. RFC 7636 §4.3' },
        });
        return { ...made, learner: { ...made.learner, authorization_url: authorizationUrl, redirect_uri: redirectUri } };
      },
    },

    'authorization-request': authorizationRequestStep(env, isAnswer),
    'user-decides': userDecidesStep(env, isAnswer),

    'attacker-app-gets-code': {
      async run(input) {
        const url = env.frame.currentUrl() ?? input.frameUrl ?? '';
        const code = authorizationResponseOf(url).code ?? '';
        const got = recordCheck(env.recorder, 'redirect received by the attacker’s app', { redirect: url, code: code || '(none)' }, Boolean(code), {
          detail: 'Two apps claimed this redirect; the operating system chose the attacker’s. The honest app never sees the code.',
          rfc: 'RFC 7636 §1',
        });
        if (!code) return { events: byAttacker(lab, [got]), outcome: 'error', message: 'No code arrived in the redirect.' };
        return { events: byAttacker(lab, [got]), learner: { attacker_code: code } };
      },
    },

    'attacker-token-request': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: nativeApp.client_id,
          code: input.learner.attacker_code ?? '',
          redirect_uri: redirectUri,
        });
        return { events: byAttacker(lab, [event]), learner: attackerTokenAnswer(response, body) };
      },
    },

    // The defence, on the server: the PKCE verifier (or, with the lab switch off, its absence let through).
    'verify-pkce': serverDefenceStep(env, codeInterception, (refusal) => `the server refused a code redeemed without its verifier (${refusal}).`),
    'attacker-gets-tokens': attackerHoldsTokensStep(env, lab, 'An access token for the victim’s account, in the attacker’s app.'),

    'attacker-api-request': attackerApiRequestStep(env, lab),
    'attacker-api-response': attackerApiResponseStep(env, codeInterception, 'with a code it intercepted and redeemed without the verifier'),
  };
});
