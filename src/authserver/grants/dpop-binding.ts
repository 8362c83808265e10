import { recordCheck, type RequestContext } from '../context';
import { invalidGrant } from '../errors';
import type { GrantRecord } from '../records';
import type { DemoClient } from '../seed';
import type { TokenRequestProof } from './types';

/**
 * A public client's refresh tokens are bound to the DPoP key of the request that got them; a
 * confidential client's are bound to its authentication instead. @see RFC 9449 §5 (refresh tokens)
 */
export function refreshBinding(client: DemoClient, proof: TokenRequestProof): Pick<GrantRecord, 'jkt'> {
  return client.client_type === 'public' && proof.jkt ? { jkt: proof.jkt } : {};
}

/** A bound refresh token is good only with a proof signed by the same key. @see RFC 9449 §5 */
export function checkRefreshBinding(ctx: RequestContext, grant: GrantRecord, proof: TokenRequestProof): void {
  if (grant.jkt === undefined) return;
  const pass = proof.jkt === grant.jkt;
  recordCheck(ctx, {
    name: 'refresh token bound to this key',
    rfc: 'RFC 9449 §5',
    inputs: { bound_jkt: grant.jkt, proof_jkt: proof.jkt ?? null },
    pass,
    detail: pass ? 'The proof is signed by the key this refresh token is bound to.' : 'This refresh token is bound to a DPoP key, and the request carries no proof signed by it.',
  });
  if (!pass) throw invalidGrant('the refresh token is bound to another DPoP key');
}
