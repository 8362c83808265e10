import { recordCheck, type RequestContext } from '../context';
import { accessDenied, invalidRequest } from '../errors';
import type { Params } from '../http';

/** Which button the user pressed on the consent page. */
export function readDecision(params: Params): 'approve' | 'deny' {
  const decision = params.one('decision');
  if (decision !== 'approve' && decision !== 'deny') throw invalidRequest('decision must be approve or deny');
  return decision;
}

/** The user pressed Deny: the app gets access_denied. @see RFC 6749 §4.1.2.1 */
export function refuseDenial(ctx: RequestContext, requested: readonly string[]): never {
  recordCheck(ctx, {
    name: 'user consent',
    rfc: 'RFC 6749 §4.1.2.1',
    inputs: { requested: requested.join(' '), decision: 'deny' },
    pass: false,
    detail: 'The user denied the request; the app gets access_denied.',
  });
  throw accessDenied('the user denied the request');
}

/**
 * The scopes the user left ticked; the user may grant less than requested, and unticking
 * everything amounts to denying. @see RFC 6749 §3.3, §4.1.2.1
 */
export function checkGrantedScope(ctx: RequestContext, requested: readonly string[], params: Params): string {
  const ticked = new Set(params.getAll('consent_scope'));
  const granted = requested.filter((scope) => ticked.has(scope));
  recordCheck(ctx, {
    name: 'user consent',
    rfc: 'RFC 6749 §3.3',
    inputs: { requested: requested.join(' '), granted: granted.join(' ') },
    pass: granted.length > 0,
    detail:
      granted.length === 0
        ? 'The user unticked every scope, which amounts to denying.'
        : granted.length < requested.length
          ? 'The user granted fewer scopes than requested; the token response will say which.'
          : 'The user approved every requested scope.',
  });
  if (granted.length === 0) throw accessDenied('the user granted no scope');
  return granted.join(' ');
}
