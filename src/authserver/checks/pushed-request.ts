import { nowMs, recordCheck, type RequestContext } from '../context';
import { invalidRequest, OAuthError } from '../errors';
import { Params } from '../http';
import { key, type PushedRequestRecord } from '../records';
import type { DemoClient } from '../seed';

/** Every request_uri this server hands out starts with this. @see RFC 9126 §2.2 */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/**
 * A client registered with `require_pushed_authorization_requests` may start a flow only with a
 * request it pushed first. @see RFC 9126 §6 ("MUST reject ... if the request was not pushed")
 */
export function checkPushedRequestRequired(ctx: RequestContext, client: DemoClient, pushed: boolean): void {
  if (!client.require_pushed_authorization_requests) return;
  recordCheck(ctx, {
    name: 'request was pushed',
    rfc: 'RFC 9126 §6',
    inputs: { client_id: client.client_id, require_pushed_authorization_requests: true, request_uri: pushed },
    pass: pushed,
    detail: pushed
      ? 'This client must push its requests, and this one was pushed.'
      : 'This client must push its requests (PAR) first; a request sent in the URL is refused.',
  });
  if (!pushed) throw invalidRequest('this client must use pushed authorization requests');
}

const invalidRequestUri = (description: string) => new OAuthError('invalid_request_uri', description, { mayRedirect: false });

/**
 * An authorization request that names a pushed request: the request_uri must be one this server
 * issued to this client, unexpired and unused; it is used up now, and the request it stands for
 * replaces whatever else the URL carries. Failures are an error page, never a redirect.
 * @see RFC 9126 §4 (one-time use, client_id must match); RFC 9101 §5 (only the pushed parameters count)
 */
export async function resolveRequestUri(ctx: RequestContext, params: Params): Promise<Params> {
  const request_uri = params.get('request_uri');
  if (request_uri === undefined) return params;
  const client_id = params.get('client_id');
  const known = request_uri.startsWith(REQUEST_URI_PREFIX);
  const record = known ? await ctx.store.get<PushedRequestRecord>(ctx.namespace, key.pushedRequest(request_uri)) : undefined;
  const used = known && (await ctx.store.get<boolean>(ctx.namespace, key.pushedRequestUsed(request_uri))) !== undefined;
  const now = nowMs(ctx);
  const unexpired = record !== undefined && now < record.expires_at;
  const sameClient = record !== undefined && record.client_id === client_id;
  const claimed =
    unexpired && sameClient && !used && (await ctx.store.setIfAbsent(ctx.namespace, key.pushedRequestUsed(request_uri), true, 3600));
  if (claimed) await ctx.store.delete(ctx.namespace, key.pushedRequest(request_uri));
  recordCheck(ctx, {
    name: 'request_uri valid',
    rfc: 'RFC 9126 §4',
    inputs: { request_uri, client_id: client_id ?? null, issued_to: record?.client_id ?? null, already_used: used },
    pass: claimed,
    detail: claimed
      ? 'A request this client pushed, unexpired and used now for the first and last time: its parameters are the request.'
      : used
        ? 'This request_uri was already used: each one is good for a single authorization request.'
        : record === undefined
          ? 'No pushed request has this request_uri (or it is long gone).'
          : !unexpired
            ? `The pushed request expired ${Math.ceil((now - record.expires_at) / 1000)} seconds ago.`
            : !sameClient
              ? 'The request_uri was issued to another client.'
              : 'Another tab used this request_uri at the same moment.',
  });
  if (client_id === undefined) throw invalidRequest('client_id is missing', { mayRedirect: false });
  if (!claimed || !record) throw invalidRequestUri('the request_uri is unknown, expired, already used or issued to another client');
  const pushed = new URLSearchParams(record.params);
  pushed.set('request_uri', request_uri);
  return new Params(pushed);
}
