import { decodeJwt, decodeProtectedHeader } from 'jose';
import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { GRANT_AUTHORIZATION_CODE } from '../../authserver/seed';
import { dpop, PROOF_FOR_ANOTHER_URL, REPLAYED_PROOF } from '../../flows/dpop';
import {
  apiResponseStep,
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  redirectRoundTrip,
  tokenAnswer,
} from '../browser-flow';
import { bearerRefusal } from '../client-checks';
import { bearerRequest, describeOAuthError, oauthErrorCode, parseChallenge } from '../client-requests';
import { defineWalkthrough } from '../define';
import { demoClient } from '../demo';
import { createDpopKey, DPOP_ALG, proofClaims, signProof, type DpopKey } from '../dpop';
import { pullNewServerEvents, type WalkthroughEnv } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck, recordedFetch, type ClientEvent, type RecordedFetchResult } from '../recorder';
import type { LearnerData } from '../types';

/**
 * DPoP, played for real: the page plays the public browser app `dpop-spa`. It makes a non-extractable
 * key pair with Web Crypto, signs a proof with `jose` for every request, meets the server's nonce,
 * gets a token bound to its key, calls the API with it, and watches the same token refused alone.
 * @see RFC 9449
 */

/** The demo client, as seeded on the server, and what the walk-through asks for. */
export const dpopSpa = {
  client_id: demoClient('dpop-spa').client_id,
  redirect_path: CLIENT_PAGES.callback,
  scope: 'profile photos.read',
} as const;

/** A proof, signed, with its decoded header and claims recorded for the Inspector. @see RFC 9449 §4.2 */
async function signedProof(
  env: WalkthroughEnv,
  key: DpopKey,
  request: { method: string; url: string; accessToken?: string; nonce?: string },
): Promise<{ proof: string; event: ClientEvent }> {
  const claims = await proofClaims({ ...request, jti: randomToken(16, env.random), iat: Math.floor(env.recorder.now() / 1000) });
  const proof = await signProof(key, claims);
  const header = decodeProtectedHeader(proof);
  const event = recordCheck(
    env.recorder,
    'DPoP proof signed',
    {
      typ: { value: header.typ, why: 'Marks the JWT as a DPoP proof. RFC 9449 §4.2' },
      alg: { value: header.alg, why: 'Signed with the private key, which Web Crypto never lets out.' },
      jwk: { value: JSON.stringify(header.jwk), why: 'The public key: the server verifies the proof with it and binds the token to its thumbprint.' },
      htm: { value: claims.htm, why: 'The HTTP method of this request.' },
      htu: { value: claims.htu, why: 'The URL of this request, without query and fragment.' },
      iat: { value: claims.iat, why: 'When the proof was made, in seconds.' },
      jti: { value: claims.jti, why: 'A unique id: the server refuses a proof it has seen before.' },
      ...(claims.ath ? { ath: { value: claims.ath, why: 'BASE64URL(SHA-256(access_token)): the proof is for this token only.' } } : {}),
      ...(claims.nonce ? { nonce: { value: claims.nonce, why: 'The server’s nonce, from its DPoP-Nonce header.' } } : {}),
      dpop: proof,
    },
    true,
    { detail: 'A fresh proof for exactly this request, signed in the browser with jose.', rfc: 'RFC 9449 §4.2' },
  );
  return { proof, event };
}

/** The nonce the server hands out, when it does. @see RFC 9449 §8 */
function nonceOf(response: Response, learner: LearnerData<'dpop_nonce'>): string | undefined {
  return response.headers.get('dpop-nonce') ?? learner.dpop_nonce;
}

/** What the app records: its key's thumbprint, its request, the authorization response, the server's nonce and the proof last sent, the bound tokens and the API's answers. */
const fields = [
  'dpop_jkt', 'state', 'code_verifier', 'code_challenge', 'authorization_url', 'redirect_uri', 'error', 'error_description',
  'decision', 'code', 'returned_state', 'iss', 'dpop_nonce', 'dpop_proof', 'access_token', 'token_type',
  'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text', 'api_status', 'api_response',
  'api_www_authenticate',
] as const;
type Fields = (typeof fields)[number];

export const dpopWalkthrough = defineWalkthrough(dpop, fields, (env) => {
  const redirectUri = `${env.origin}${dpopSpa.redirect_path}`;
  const tokenEndpoint = `${env.origin}${ENDPOINTS.token}`;
  /** The keys this page made, by thumbprint: a CryptoKey stays in memory, never in the learner data. */
  const keys = new Map<string, DpopKey>();
  const keyOf = (learner: LearnerData<'dpop_jkt'>): DpopKey => {
    const key = keys.get(learner.dpop_jkt ?? '');
    if (!key) throw new Error('The DPoP key is gone (the page was reloaded): press Reset to make a new one.');
    return key;
  };

  /** The token request with a proof, as the app sends it. @see RFC 9449 §5 */
  async function tokenRequest(learner: LearnerData<Fields>, nonce: string | undefined) {
    const signed = await signedProof(env, keyOf(learner), { method: 'POST', url: tokenEndpoint, ...(nonce ? { nonce } : {}) });
    const body = new URLSearchParams({
      grant_type: GRANT_AUTHORIZATION_CODE,
      code: learner.code ?? '',
      redirect_uri: learner.redirect_uri ?? redirectUri,
      client_id: dpopSpa.client_id,
      code_verifier: learner.code_verifier ?? '',
    });
    const result = await recordedFetch(env.fetch, env.recorder, tokenEndpoint, { method: 'POST', headers: { Accept: 'application/json', DPoP: signed.proof }, body }, { server: 'authserver', channel: 'back' });
    return { ...result, proof: signed.proof, proofEvent: signed.event };
  }

  /** A call to the API with the DPoP scheme and a proof. @see RFC 9449 §7.1 */
  function apiCall(accessToken: string, proof: string): Promise<RecordedFetchResult> {
    return recordedFetch(
      env.fetch,
      env.recorder,
      `${env.origin}${ENDPOINTS.apiPhotos}`,
      { headers: { Authorization: `DPoP ${accessToken}`, DPoP: proof, Accept: 'application/json' } },
      { server: 'resource', channel: 'back' },
    );
  }

  return {
    'create-key-pair': {
      async run() {
        const key = await createDpopKey();
        keys.set(key.jkt, key);
        return {
          learner: { dpop_jkt: key.jkt },
          events: [
            recordCheck(
              env.recorder,
              'DPoP key pair created',
              {
                algorithm: { value: DPOP_ALG, why: 'ECDSA with P-256 and SHA-256, which the server accepts (dpop_signing_alg_values_supported).' },
                extractable: { value: key.privateKey.extractable, why: 'false: Web Crypto signs with the private key but never hands out its bytes.' },
                public_jwk: { value: JSON.stringify(key.publicJwk), why: 'Travels in every proof’s header.' },
                jkt: { value: key.jkt, why: 'The JWK SHA-256 thumbprint (RFC 7638): what a bound token names in cnf.jkt.' },
              },
              !key.privateKey.extractable,
              { detail: 'crypto.subtle.generateKey with extractable: false; the private key exists only inside this tab’s Web Crypto.', rfc: 'RFC 9449 §2' },
            ),
          ],
        };
      },
    },

    'redirect-to-authorize': {
      async run() {
        const state = randomToken(16, env.random);
        const pkce = await s256CodeChallenge(createCodeVerifier(env.random));
        const parameters = {
          response_type: { value: 'code', why: 'The authorization code flow. RFC 6749 §4.1.1' },
          client_id: { value: dpopSpa.client_id, why: 'A public client registered for DPoP-bound tokens. RFC 9449 §5.2' },
          redirect_uri: { value: redirectUri, why: 'The app’s own page. RFC 6749 §3.1.2' },
          scope: { value: dpopSpa.scope, why: 'What the app asks to do. RFC 6749 §3.3' },
          state: { value: state, why: 'Expected back unchanged (CSRF protection). RFC 6749 §10.12' },
          code_challenge: { value: pkce.code_challenge, why: 'The hash of the code_verifier. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'SHA-256. RFC 7636 §4.3' },
        };
        const authorizationUrl = buildAuthorizationUrl(`${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { state, code_verifier: pkce.code_verifier, code_challenge: pkce.code_challenge, authorization_url: authorizationUrl, redirect_uri: redirectUri },
          events: [authorizationUrlBuilt(env, authorizationUrl, parameters, { detail: 'An ordinary request with PKCE: DPoP begins at the token endpoint.', rfc: 'RFC 7636 §4.3' })],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': {
      async run(input) {
        const sent = await tokenRequest(input.learner, undefined);
        return {
          events: [sent.proofEvent, sent.event],
          learner: { dpop_proof: sent.proof, ...tokenAnswer(sent.response, sent.body), ...(sent.response.headers.get('dpop-nonce') ? { dpop_nonce: sent.response.headers.get('dpop-nonce')! } : {}) },
        };
      },
    },

    'nonce-required': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const asked = input.learner.token_error === 'use_dpop_nonce' && (input.learner.dpop_nonce ?? '') !== '';
        const check = recordCheck(env.recorder, 'server asks for a DPoP nonce', { error: input.learner.token_error ?? '(none)', 'dpop-nonce': input.learner.dpop_nonce ?? '(missing)' }, asked, {
          detail: asked
            ? 'The server refused the first proof with use_dpop_nonce and gave a nonce in DPoP-Nonce: the next proof must carry it.'
            : 'The server did not ask for a nonce.',
          rfc: 'RFC 9449 §8',
        });
        const result = { events: [...pulled.events, check], serverSeq: pulled.serverSeq };
        if (!asked) return { ...result, outcome: 'error' as const, message: `The token endpoint answered ${input.learner.token_error_text ?? 'without asking for a nonce'}.` };
        return result;
      },
    },

    'token-request-with-nonce': {
      async run(input) {
        const sent = await tokenRequest(input.learner, input.learner.dpop_nonce);
        const nonce = nonceOf(sent.response, input.learner);
        const learner = { dpop_proof: sent.proof, ...(nonce ? { dpop_nonce: nonce } : {}) };
        if (!sent.response.ok) {
          const pulled = await pullNewServerEvents(env, input, [sent.event]);
          return {
            events: [sent.proofEvent, sent.event, ...pulled.events],
            serverSeq: pulled.serverSeq,
            learner,
            outcome: 'error',
            message: `The token endpoint refused: ${describeOAuthError(sent.body, sent.response.status)}.`,
          };
        }
        return { events: [sent.proofEvent, sent.event], learner: { ...learner, token_error: '', ...tokenAnswer(sent.response, sent.body) } };
      },
    },

    'token-response': {
      async run(input) {
        let jkt: unknown;
        try {
          jkt = (decodeJwt(input.learner.access_token ?? '').cnf as { jkt?: unknown } | undefined)?.jkt;
        } catch {
          jkt = undefined;
        }
        const bound = input.learner.token_type === 'DPoP' && jkt === input.learner.dpop_jkt;
        const check = recordCheck(
          env.recorder,
          'token bound to our key',
          { token_type: input.learner.token_type ?? '(missing)', 'cnf.jkt': typeof jkt === 'string' ? jkt : '(missing)', our_jkt: input.learner.dpop_jkt ?? '' },
          bound,
          {
            detail: bound
              ? 'token_type is DPoP and the token names our key’s thumbprint: it works only with proofs signed by our key.'
              : 'The token is not bound to our key.',
            rfc: 'RFC 9449 §6.1',
          },
        );
        if (!bound) return { events: [check], outcome: 'error', message: 'The access token is not bound to the app’s DPoP key.' };
        return { events: [check] };
      },
    },

    'api-request': {
      async run(input) {
        const accessToken = input.learner.access_token ?? '';
        const key = keyOf(input.learner);
        const forAnotherUrl = input.action === PROOF_FOR_ANOTHER_URL.id;
        const proofUrl = `${env.origin}${forAnotherUrl ? ENDPOINTS.apiMe : ENDPOINTS.apiPhotos}`;
        const sign = (nonce: string | undefined) => signedProof(env, key, { method: 'GET', url: proofUrl, accessToken, ...(nonce ? { nonce } : {}) });

        let signed = await sign(input.learner.dpop_nonce);
        const events: ClientEvent[] = [signed.event];
        let answer = await apiCall(accessToken, signed.proof);
        events.push(answer.event);
        // The server's nonce may have changed since the token request: sign again with the new one. @see RFC 9449 §9
        const renewed = answer.response.headers.get('dpop-nonce');
        if (answer.response.status === 401 && renewed && /use_dpop_nonce/.test(answer.response.headers.get('www-authenticate') ?? '')) {
          signed = await sign(renewed);
          answer = await apiCall(accessToken, signed.proof);
          events.push(signed.event, answer.event);
        }
        if (input.action === REPLAYED_PROOF.id) {
          answer = await apiCall(accessToken, signed.proof);
          events.push(answer.event);
        }
        const learner = {
          dpop_proof: signed.proof,
          api_status: answer.response.status,
          api_response: answer.body,
          api_www_authenticate: answer.response.headers.get('www-authenticate') ?? '',
          ...(renewed ? { dpop_nonce: renewed } : {}),
        };
        if (input.action === undefined) return { events, learner };

        const pulled = await pullNewServerEvents(env, input, events);
        const challenge = parseChallenge(learner.api_www_authenticate);
        const refused = answer.response.status === 401 && challenge?.error === 'invalid_dpop_proof';
        const refusal = recordCheck(env.recorder, 'API refuses the proof', { status: answer.response.status, 'www-authenticate': learner.api_www_authenticate || '(missing)' }, refused, {
          detail: refused
            ? forAnotherUrl
              ? 'The proof names another URL (htu), so it cannot be used here.'
              : 'The second time, the proof’s jti was already used: a replay.'
            : 'The API accepted a proof that was not made for this request.',
          rfc: forAnotherUrl ? 'RFC 9449 §4.3' : 'RFC 9449 §11.1',
        });
        return {
          events: [...events, ...pulled.events, refusal],
          serverSeq: pulled.serverSeq,
          learner,
          outcome: 'error',
          message: refused
            ? `The API refused with invalid_dpop_proof: ${forAnotherUrl ? 'a proof made for another URL is useless here (RFC 9449 §4.3)' : 'a replayed proof is refused by its jti (RFC 9449 §11.1)'}.`
            : 'The API accepted the proof: it should not have.',
        };
      },
    },

    'api-response': apiResponseStep(env, (body) => {
      const photos = Array.isArray(body.photos) ? body.photos.length : 0;
      return `The API answered with ${photos} photo${photos === 1 ? '' : 's'} for a DPoP token with a fresh proof. Next: what can a thief do with the token alone?`;
    }),

    'stolen-token-request': {
      async run(input) {
        const { body, event, response } = await bearerRequest(env, ENDPOINTS.apiPhotos, input.learner.access_token ?? '');
        return { events: [event], learner: { api_status: response.status, api_response: body, api_www_authenticate: response.headers.get('www-authenticate') ?? '' } };
      },
    },

    'stolen-token-refused': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const refusal = bearerRefusal(
          env,
          'stolen token refused',
          { status: input.learner.api_status ?? 0, wwwAuthenticate: input.learner.api_www_authenticate ?? '' },
          { status: 401, error: 'invalid_token' },
          {
            refused: (challenge) => `401 with a ${challenge?.scheme ?? 'DPoP'} challenge: the token is bound to a key the thief does not have.`,
            accepted: 'The API accepted the token without a proof: a stolen token would work.',
          },
        );
        const events = [...pulled.events, refusal.event];
        if (!refusal.refused) return { events, serverSeq: pulled.serverSeq, outcome: 'error', message: 'The API accepted a DPoP-bound token without a proof.' };
        return {
          events,
          serverSeq: pulled.serverSeq,
          message: `Done: the token worked only with proofs from the app’s key; alone it was refused (${oauthErrorCode(input.learner.api_response ?? '') || 'invalid_token'}).`,
        };
      },
    },
  };
});
