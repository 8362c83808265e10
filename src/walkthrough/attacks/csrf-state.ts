import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { GRANT_AUTHORIZATION_CODE } from '../../authserver/seed';
import { csrfState } from '../../flows/attacks/csrf-state';
import { apiResponseStep, authorizationResponseOf, tokenResponseCheck } from '../browser-flow';
import { authenticatedPost, bearerRequest, describeOAuthError, parseJsonObject, tokenResponseFields } from '../client-requests';
import { clientCredentials } from '../demo';
import { frameDocumentExchange, pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { constantTimeEqual, recordCheck } from '../recorder';
import { attackerApproves, attackerOpens } from './attacker-browser';
import { attackStopped, attackSucceeded, byAttacker, defineAttackWalkthrough, labSettingInput } from './define';

/**
 * Login CSRF against the lab's web app: the attacker gets a code for their own account and plants it in
 * the victim's browser. The page plays the honest app (`web-app`), whose state check is the defence.
 * @see RFC 6749 §10.12; RFC 9700 §4.7
 */

const webApp = { ...clientCredentials('web-app'), scope: 'profile' } as const;

export const csrfStateWalkthrough = defineAttackWalkthrough(csrfState, (env, lab) => {
  const redirectUri = `${env.origin}${CLIENT_PAGES.callback}`;

  return {
    'attacker-authorization-request': {
      async run() {
        const url = new URL(`${env.origin}${ENDPOINTS.authorize}`);
        const parameters = { response_type: 'code', client_id: webApp.client_id, redirect_uri: redirectUri, scope: webApp.scope, state: randomToken(16, env.random) };
        for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
        return attackerOpens(env, lab, url.href);
      },
    },

    'attacker-signs-in': {
      async run(input) {
        return attackerApproves(env, input);
      },
    },

    'attacker-keeps-code': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const kept = recordCheck(
          env.recorder,
          'code kept, not redeemed',
          { code: input.learner.attacker_code ?? '', state: input.learner.attacker_state ?? '', account: input.learner.attacker_account ?? '' },
          true,
          { detail: 'A genuine code for the attacker’s own account. Unused, it stays valid for a few minutes.', rfc: 'RFC 6749 §4.1.2' },
        );
        return { events: [...byAttacker(lab, pulled.events), ...byAttacker(lab, [kept])], serverSeq: pulled.serverSeq };
      },
    },

    'attacker-lures-victim': {
      async run(input) {
        const forged = new URL(redirectUri);
        forged.searchParams.set('code', input.learner.attacker_code ?? '');
        forged.searchParams.set('state', input.learner.attacker_state ?? '');
        const lure = recordCheck(env.recorder, 'link to the app’s callback planted', { forged_url: forged.href }, true, {
          detail: 'Any page the victim visits can send their browser here: a link, an image, a redirect.',
          rfc: 'RFC 9700 §4.7',
        });
        return { events: byAttacker(lab, [lure]), learner: { forged_url: forged.href } };
      },
    },

    'forged-callback': {
      async run(input) {
        const landed = await env.frame.navigate(input.learner.forged_url ?? redirectUri);
        const received = authorizationResponseOf(landed);
        return {
          frameUrl: landed,
          events: [frameDocumentExchange(env, landed)],
          learner: { code: received.code ?? '', returned_state: received.state ?? '' },
        };
      },
    },

    // The defence. This browser started no sign-in, so the app has no state stored for it. @see RFC 6749 §10.12
    'check-state': {
      async run(input) {
        const expected = input.learner.state ?? '';
        const received = input.learner.returned_state ?? '';
        const passed = expected !== '' && constantTimeEqual(expected, received);
        const defence = lab.defence();
        const check = recordCheck(
          env.recorder,
          csrfState.attack.defence.check,
          { expected: expected || '(none: this browser started no sign-in)', received: received || '(missing)', 'state check': labSettingInput(defence) },
          passed,
          {
            detail:
              defence === 'on'
                ? 'This app stored no state for this browser: the response answers a request it never made. It refuses the code.'
                : 'Defence off: the app ignores the state and redeems whatever code reaches its callback.',
            rfc: 'RFC 6749 §10.12',
          },
        );
        if (!passed && defence === 'on') {
          return { events: [check], ...attackStopped(csrfState, 'the app refused a code it never asked for, so the victim’s session stays the victim’s.') };
        }
        return { events: [check] };
      },
    },

    'token-request': {
      async run(input) {
        const { response, body, event } = await authenticatedPost(env, ENDPOINTS.token, webApp, {
          grant_type: GRANT_AUTHORIZATION_CODE,
          code: input.learner.code ?? '',
          redirect_uri: redirectUri,
        });
        if (!response.ok) {
          const pulled = await pullNewServerEvents(env, input, [event]);
          return { events: [event, ...pulled.events], serverSeq: pulled.serverSeq, outcome: 'error', message: `The token endpoint refused: ${describeOAuthError(body, response.status)}.` };
        }
        return { events: [event], learner: { token_response: body, token_cache_control: response.headers.get('cache-control') ?? '', ...tokenResponseFields(body) } };
      },
    },

    'token-response': {
      async run(input) {
        return { events: [tokenResponseCheck(env, input.learner)] };
      },
    },

    'api-request': {
      async run(input) {
        const { body, event, response } = await bearerRequest(env, ENDPOINTS.apiMe, input.learner.access_token ?? '');
        const name = parseJsonObject(body)?.name;
        return {
          events: [event],
          learner: { api_status: response.status, api_response: body, ...(typeof name === 'string' ? { signed_in_as: name } : {}) },
        };
      },
    },

    'api-response': apiResponseStep(env, (profile) => {
      const name = typeof profile.name === 'string' ? profile.name : 'the attacker';
      return attackSucceeded(`the victim’s app is signed in to the attacker’s account (${name}). What the victim saves now goes to the attacker.`).message!;
    }),
  };
});
