/**
 * The resource server's steps, shared by the lab's API, UserInfo and the MCP resource: read the
 * access token, verify it for this resource's audience, check its DPoP binding, check its scope,
 * then answer. Any refusal is a `WWW-Authenticate` challenge.
 * @see RFC 6750 §2, §3; RFC 8707 §2; RFC 9068 §4; RFC 9449 §7
 */
import { readBearerToken, type PresentedToken } from './checks/bearer-token';
import { checkDpopProof, dpopError } from './checks/dpop-proof';
import { checkTokenScope } from './checks/scope';
import { recordCheck, type RequestContext } from './context';
import { OAuthError, toOAuthError } from './errors';
import { bearerChallengeResponse } from './responses';
import { RESOURCES, resourceIdentifier, type ResourceName } from './seed';
import { verifyAccessToken, type AccessTokenClaims } from './tokens';

export interface ProtectedResourceOptions {
  /** Which resource this is: tokens must name its identifier in `aud`. */
  resource: ResourceName;
  /** The scope every request needs. */
  scope: string;
  /** Name the resource's metadata in every challenge. @see RFC 9728 §5.1 */
  advertiseMetadata?: boolean;
}

const misusedBinding = (description: string) => new OAuthError('invalid_token', description, { status: 401, challenge: 'DPoP' });

/**
 * A token bound to a DPoP key needs the DPoP scheme and a proof signed by that key; a token that
 * is not bound cannot claim the DPoP scheme. @see RFC 9449 §7.1, §7.2
 */
async function checkTokenBinding(ctx: RequestContext, presented: PresentedToken, claims: AccessTokenClaims): Promise<void> {
  const bound = claims.cnf?.jkt;
  if (presented.scheme === 'Bearer' && bound === undefined) return;
  const proof = presented.scheme === 'DPoP' ? await checkDpopProof(ctx, 'resource', presented.token) : undefined;
  const pass = bound !== undefined && proof?.jkt === bound;
  recordCheck(ctx, {
    name: 'DPoP key matches token',
    rfc: presented.scheme === 'Bearer' ? 'RFC 9449 §7.2' : 'RFC 9449 §7.1',
    actor: 'resource',
    inputs: { scheme: presented.scheme, 'cnf.jkt': bound ?? null, proof_jkt: proof?.jkt ?? null },
    pass,
    detail: pass
      ? 'The proof is signed by the very key the token is bound to: whoever sends it holds the private key.'
      : presented.scheme === 'Bearer'
        ? 'This token is bound to a DPoP key, but it came as a bare Bearer token with no proof: a stolen token alone is refused.'
        : bound === undefined
          ? 'This token is not bound to any key, so it cannot be used with the DPoP scheme.'
          : proof === undefined
            ? 'The DPoP scheme needs a DPoP proof header, and there is none.'
            : 'The proof is signed by another key than the one the token is bound to.',
  });
  if (pass) return;
  if (presented.scheme === 'Bearer') throw misusedBinding('this access token is DPoP-bound: send it with Authorization: DPoP and a DPoP proof');
  if (bound === undefined) throw misusedBinding('this access token is not DPoP-bound');
  if (proof === undefined) throw dpopError('invalid_dpop_proof', 'a DPoP proof is required with Authorization: DPoP', 'resource');
  throw misusedBinding('the DPoP proof is signed by another key than the token is bound to');
}

export function protectedResource(options: ProtectedResourceOptions, answer: (ctx: RequestContext, claims: AccessTokenClaims) => Promise<Response>) {
  return async (ctx: RequestContext): Promise<Response> => {
    const extras = options.advertiseMetadata ? { resource_metadata: `${ctx.issuer}${RESOURCES[options.resource].metadataPath}` } : {};
    let presented: PresentedToken | undefined;
    try {
      presented = readBearerToken(ctx);
      if (presented === undefined) return bearerChallengeResponse(undefined, undefined, extras);
      const claims = await verifyAccessToken(ctx, presented.token, 'resource', resourceIdentifier(ctx.issuer, options.resource));
      await checkTokenBinding(ctx, presented, claims);
      checkTokenScope(ctx, claims.scope, options.scope);
      return await answer(ctx, claims);
    } catch (err) {
      return bearerChallengeResponse(toOAuthError(err), options.scope, { ...extras, scheme: presented?.scheme });
    }
  };
}
