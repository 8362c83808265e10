import { ATTACKER_PAGES, CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { redirectUriTampering } from '../../flows/attacks/redirect-uri-tampering';
import { authorizationResponseOf, isRedirectTo, publicTokenRequest, tokenAnswer, userDecidesStep } from '../browser-flow';
import { describeOAuthError, oauthErrorCode } from '../client-requests';
import { demoClient } from '../demo';
import { pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck } from '../recorder';
import { attackStopped, byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep } from './victim-and-attacker';

/**
 * redirect_uri tampering against `share-app`, whose registration carries a `*` pattern: with the
 * learner's `exact-redirect-uri` lab switch off the server matches it loosely, and the attacker's page
 * (on the attacker's site) receives the code. @see RFC 6749 §3.1.2.3; RFC 9700 §4.1
 */

const shareApp = { client_id: demoClient('share-app').client_id, scope: 'profile photos.read' } as const;

export const redirectUriTamperingWalkthrough = defineAttackWalkthrough(redirectUriTampering, (env, lab) => {
  // The attacker's page, made to look like the registered `http://*/lab/callback` to a lax matcher.
  const tamperedUri = `${lab.attacker.root}${ATTACKER_PAGES.catch}?next=${CLIENT_PAGES.callback}`;
  const isAnswer = isRedirectTo(`${lab.attacker.root}${ATTACKER_PAGES.catch}`);

  return {
    'attacker-builds-link': {
      async run() {
        const pair = await s256CodeChallenge(createCodeVerifier(env.random));
        const url = new URL(`${env.origin}${ENDPOINTS.authorize}`);
        const parameters = {
          response_type: 'code',
          client_id: shareApp.client_id,
          redirect_uri: tamperedUri,
          scope: shareApp.scope,
          state: randomToken(16, env.random),
          code_challenge: pair.code_challenge,
          code_challenge_method: pair.code_challenge_method,
        };
        for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
        const built = recordCheck(env.recorder, 'authorization URL built', { authorization_url: url.href, ...parameters, code_verifier: pair.code_verifier }, true, {
          detail: `A real request for ${shareApp.client_id}, but the redirect_uri is the attacker’s page; the verifier stays with the attacker.`,
          rfc: 'RFC 9700 §4.1.1',
        });
        return {
          events: byAttacker(lab, [built]),
          learner: { authorization_url: url.href, redirect_uri: tamperedUri, code_verifier: pair.code_verifier, forged_url: url.href },
        };
      },
    },

    // The defence, on the server: redirect_uri compared with the registered ones before anything else.
    'authorization-request': {
      async run(input) {
        const landed = await env.frame.navigate(input.learner.authorization_url ?? '');
        const pulled = await pullNewServerEvents(env, input);
        const refused = pulled.events.some((event) => event.type === 'check' && event.name === redirectUriTampering.attack.defence.check && event.verdict === 'fail');
        const result = { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq };
        if (!refused) return result;
        return { ...result, ...attackStopped(redirectUriTampering, 'the server found no registered redirect URI equal to the attacker’s and showed an error page instead of redirecting.') };
      },
    },

    'user-decides': userDecidesStep(env, isAnswer),

    'code-to-attacker': {
      async run(input) {
        const url = env.frame.currentUrl() ?? input.frameUrl ?? '';
        const received = authorizationResponseOf(url);
        const pulled = await pullNewServerEvents(env, input);
        const caught = recordCheck(env.recorder, 'code caught on the attacker’s page', { url, code: received.code ?? '(none)' }, Boolean(received.code), {
          detail: 'The victim’s browser delivered the code to the attacker’s origin.',
          rfc: 'RFC 9700 §4.1',
        });
        const result = { events: [...pulled.events, ...byAttacker(lab, [caught])], serverSeq: pulled.serverSeq };
        if (!received.code) return { ...result, outcome: 'error', message: `No code reached the attacker’s page${received.error ? ` (error=${received.error})` : ''}.` };
        return { ...result, learner: { attacker_code: received.code } };
      },
    },

    'attacker-token-request': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: shareApp.client_id,
          code: input.learner.attacker_code ?? '',
          redirect_uri: tamperedUri,
          code_verifier: input.learner.code_verifier ?? '',
        });
        const pulled = await pullNewServerEvents(env, input, [event]);
        const result = { events: [...byAttacker(lab, [event]), ...pulled.events], serverSeq: pulled.serverSeq };
        if (!response.ok) {
          return { ...result, learner: { attacker_token_error: oauthErrorCode(body) }, outcome: 'error', message: `The token endpoint refused the attacker: ${describeOAuthError(body, response.status)}.` };
        }
        return { ...result, learner: { attacker_access_token: tokenAnswer(response, body).access_token ?? '' } };
      },
    },

    'attacker-gets-tokens': attackerHoldsTokensStep(env, lab, 'An access token for the victim’s account, issued to the attacker.'),

    'attacker-api-request': attackerApiRequestStep(env, lab),
    'attacker-api-response': attackerApiResponseStep(env, redirectUriTampering, 'with a code delivered to a redirect_uri the server matched loosely'),
  };
});
