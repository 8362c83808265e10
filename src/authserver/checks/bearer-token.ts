import { recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { mediaType } from '../http';

/** @see RFC 6750 §2.1: `Authorization: Bearer <b64token>`; RFC 9449 §7.1: `Authorization: DPoP <b64token>` */
const BEARER = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The access token and the scheme it came with. */
export interface PresentedToken {
  scheme: 'Bearer' | 'DPoP';
  token: string;
}

/**
 * Reads the access token from the Authorization header, the only method this resource server
 * accepts (RFC 6750 §2.1; the form body §2.2 and query §2.3 are optional and not supported).
 * A request that also carries `access_token` in the query or form body uses more than one
 * method and is refused. `undefined` means no token at all.
 * @see RFC 6750 §2 ("Clients MUST NOT use more than one method to transmit the token in each request"), §3.1
 */
export function readBearerToken(ctx: RequestContext): PresentedToken | undefined {
  const header = ctx.request.headers.get('authorization');
  const methods = [
    ...(header !== null ? ['Authorization header'] : []),
    ...(ctx.url.searchParams.has('access_token') ? ['query'] : []),
    ...(mediaType(ctx.request) === 'application/x-www-form-urlencoded' && new URLSearchParams(ctx.bodyText ?? '').has('access_token')
      ? ['form body']
      : []),
  ];
  const pass = header !== null && methods.length === 1;
  recordCheck(ctx, {
    name: 'access token present',
    rfc: methods.length > 1 ? 'RFC 6750 §2' : 'RFC 6750 §2.1',
    actor: 'resource',
    inputs: { sent_in: methods.length > 0 ? methods : null },
    pass,
    detail: pass
      ? 'The token comes in the Authorization header, and only there.'
      : methods.length > 1
        ? 'The token is sent by more than one method; RFC 6750 §2 forbids that, so the request is refused.'
        : methods.length === 1
          ? `This API reads the token only from the Authorization header, not from the ${methods[0]}.`
          : 'The request carries no access token.',
  });
  if (methods.length > 1) throw invalidRequest('the access token was sent by more than one method');
  if (header === null) return undefined;
  const match = BEARER.exec(header);
  if (!match) throw invalidRequest('the Authorization header must use the Bearer or DPoP scheme');
  return { scheme: match[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2]! };
}
