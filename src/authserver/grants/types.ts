import type { RequestContext } from '../context';
import type { Params } from '../http';
import type { DemoClient } from '../seed';
import type { TokenResponse } from '../tokens';

/** What the token request proved beyond client authentication. */
export interface TokenRequestProof {
  /** The thumbprint of the key the request's DPoP proof was signed with. @see RFC 9449 §5 */
  jkt?: string;
}

/** Every grant exports the same shape, like one page of RFC 6749 §4. */
export interface Grant {
  grant_type: string;
  /**
   * The token request parameters this grant reads (besides grant_type and client authentication),
   * none of which may be repeated; `resource` may be (RFC 8707 §2), so it is not listed.
   */
  parameters: readonly string[];
  /** Runs after client authentication; throws OAuthError on failure. */
  handler(ctx: RequestContext, client: DemoClient, params: Params, proof: TokenRequestProof): Promise<TokenResponse>;
}
