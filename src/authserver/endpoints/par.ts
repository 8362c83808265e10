import { authenticateClient } from '../checks/client-authentication';
import { REQUEST_URI_PREFIX } from '../checks/pushed-request';
import { rejectDuplicateParameters } from '../checks/duplicate-parameters';
import { nowMs, recordCheck, type RequestContext } from '../context';
import { invalidRequest } from '../errors';
import { formParams, json, NO_STORE, Params } from '../http';
import { opaqueToken } from '../random';
import { key, type PushedRequestRecord } from '../records';
import { AUTHORIZATION_PARAMETERS, REQUEST_PARAMETERS, validateAuthorizationRequest } from './authorize/request';

/**
 * POST /oauth/par, as a list of steps: parse the form, authenticate the client as at the token
 * endpoint, refuse a pushed request_uri, validate the request as the authorization endpoint
 * would, store it under a fresh request_uri and answer 201 with it and its lifetime.
 * @see RFC 9126 §2.1 (request), §2.2 (201 response), §2.3 (errors as at the token endpoint)
 */
export async function parEndpoint(ctx: RequestContext): Promise<Response> {
  const params = formParams(ctx.request, ctx.bodyText);
  rejectDuplicateParameters(params, [...AUTHORIZATION_PARAMETERS, 'client_secret']);
  const { client } = await authenticateClient(ctx, params);
  if (params.get('request_uri') !== undefined) throw invalidRequest('request_uri must not be pushed');
  const pushed = new URLSearchParams(params.entries().filter(([name]) => (REQUEST_PARAMETERS as readonly string[]).includes(name)));
  pushed.set('client_id', client.client_id);
  await validateAuthorizationRequest(ctx, new Params(pushed), { pushed: true });
  const request_uri = `${REQUEST_URI_PREFIX}${opaqueToken()}`;
  const lifetime = ctx.limits.pushedRequestLifetimeSeconds;
  const record: PushedRequestRecord = { client_id: client.client_id, params: [...pushed], expires_at: nowMs(ctx) + lifetime * 1000 };
  // Kept past its lifetime, so a late use is reported as "expired", not "unknown".
  await ctx.store.set(ctx.namespace, key.pushedRequest(request_uri), record, lifetime + 600);
  recordCheck(ctx, {
    name: 'request pushed',
    rfc: 'RFC 9126 §2.2',
    inputs: { client_id: client.client_id, request_uri, expires_in: lifetime },
    pass: true,
    detail: `The request is valid and kept for ${lifetime} seconds; the browser will carry only client_id and this request_uri.`,
  });
  return json({ request_uri, expires_in: lifetime }, 201, NO_STORE);
}
