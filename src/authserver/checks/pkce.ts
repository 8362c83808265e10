import { createHash } from 'node:crypto';
import { recordCheck, type RequestContext } from '../context';
import { invalidGrant, invalidRequest } from '../errors';
import { labSwitchInput, type LabSwitchValue } from '../lab-switches';
import type { AuthorizationCodeRecord } from '../records';
import type { DemoClient } from '../seed';

/** @see RFC 7636 §4.1 (verifier) and §4.2 (challenge): 43–128 unreserved characters */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** @see RFC 7636 §4.2 */
export const CODE_CHALLENGE_METHODS = ['S256', 'plain'] as const;
export type CodeChallengeMethod = (typeof CODE_CHALLENGE_METHODS)[number];
const isCodeChallengeMethod = (method: string): method is CodeChallengeMethod => (CODE_CHALLENGE_METHODS as readonly string[]).includes(method);

/**
 * Validates the PKCE parameters of an authorization request. Public clients must send a challenge.
 * @see RFC 7636 §4.3, §4.4.1; RFC 9700 §2.1.1
 */
export function checkCodeChallenge(
  ctx: RequestContext,
  client: DemoClient,
  code_challenge: string | undefined,
  method: string | undefined,
): { code_challenge?: string; code_challenge_method?: CodeChallengeMethod } {
  const inputs = { client_id: client.client_id, code_challenge, code_challenge_method: method };
  if (code_challenge === undefined) {
    if (method !== undefined) throw invalidRequest('code_challenge_method was sent without code_challenge');
    const pass = !client.require_pkce;
    recordCheck(ctx, {
      name: 'PKCE challenge present',
      rfc: 'RFC 7636 §4.4.1',
      inputs,
      pass,
      detail: pass
        ? 'No PKCE challenge; allowed for this confidential client (though recommended for all).'
        : 'This public client must use PKCE, but the request has no code_challenge.',
    });
    if (!pass) throw invalidRequest('code_challenge is required (PKCE) for this client');
    return {};
  }
  // "plain" is the default when the method is omitted. @see RFC 7636 §4.3
  const code_challenge_method = method ?? 'plain';
  if (!isCodeChallengeMethod(code_challenge_method)) {
    recordCheck(ctx, {
      name: 'PKCE challenge present',
      rfc: 'RFC 7636 §4.4.1',
      inputs,
      pass: false,
      detail: `The transform "${code_challenge_method}" is not supported; use S256 or plain.`,
    });
    throw invalidRequest('transform algorithm not supported: code_challenge_method must be S256 or plain');
  }
  if (!PKCE_VALUE.test(code_challenge)) {
    throw invalidRequest('code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~]');
  }
  recordCheck(ctx, {
    name: 'PKCE challenge present',
    rfc: 'RFC 7636 §4.3',
    inputs,
    pass: true,
    detail: `The server remembers the ${code_challenge_method} challenge with the code.`,
  });
  return { code_challenge, code_challenge_method };
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * Verifies code_verifier against the challenge stored with the code. A verifier without a
 * stored challenge is refused too (downgrade protection).
 * With the learner's `pkce-required` lab switch off, a code issued with a challenge is redeemed
 * whatever verifier comes (or none): exactly what PKCE exists to stop (RFC 7636 §1).
 * @see RFC 7636 §4.6; RFC 9700 §2.1.1
 */
export function verifyCodeVerifier(
  ctx: RequestContext,
  record: AuthorizationCodeRecord,
  code_verifier: string | undefined,
  defence: LabSwitchValue = 'on',
): void {
  if (code_verifier !== undefined && !PKCE_VALUE.test(code_verifier)) {
    throw invalidRequest('code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]');
  }
  if (record.code_challenge === undefined) {
    const pass = code_verifier === undefined;
    recordCheck(ctx, {
      name: 'PKCE verifier',
      rfc: 'RFC 9700 §2.1.1',
      inputs: { code_verifier, code_challenge: null },
      pass,
      detail: pass
        ? 'The authorization request had no code_challenge, so no code_verifier is expected.'
        : 'A code_verifier was sent, but the authorization request had no code_challenge (possible PKCE downgrade).',
    });
    if (!pass) throw invalidGrant('code_verifier sent but the authorization request had no code_challenge');
    return;
  }
  const method = record.code_challenge_method ?? 'plain';
  const name = `PKCE ${method} verifier`;
  if (defence === 'off') {
    recordCheck(ctx, {
      name,
      rfc: 'RFC 7636 §4.6',
      inputs: { ...labSwitchInput('pkce-required', defence), code_verifier: code_verifier ?? null, code_challenge: record.code_challenge },
      pass: true,
      detail: 'Not checked (lab setting): the code is redeemed without proof that this caller started the flow.',
    });
    return;
  }
  if (code_verifier === undefined) {
    recordCheck(ctx, {
      name,
      rfc: 'RFC 7636 §4.6',
      inputs: { code_verifier: null, code_challenge: record.code_challenge, code_challenge_method: method },
      pass: false,
      detail: 'The code was issued with a PKCE challenge, but the token request has no code_verifier.',
    });
    throw invalidGrant('code_verifier is required for this code');
  }
  const computed = method === 'S256' ? s256(code_verifier) : code_verifier;
  const pass = computed === record.code_challenge;
  recordCheck(ctx, {
    name,
    rfc: 'RFC 7636 §4.6',
    inputs: {
      code_verifier,
      ...(method === 'S256' ? { 'BASE64URL(SHA256(code_verifier))': computed } : {}),
      code_challenge: record.code_challenge,
    },
    pass,
    detail: pass
      ? method === 'S256'
        ? 'The hash of the verifier equals the challenge sent in the authorization request.'
        : 'The verifier equals the plain challenge sent in the authorization request.'
      : 'The verifier does not match the challenge: whoever redeems this code did not start the flow.',
  });
  if (!pass) throw invalidGrant('code_verifier does not match the code_challenge');
}
