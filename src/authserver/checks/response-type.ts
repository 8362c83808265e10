import { recordCheck, type RequestContext } from '../context';
import { invalidRequest, unauthorizedClient, unsupportedResponseType } from '../errors';
import type { DemoClient } from '../seed';

/** The response types this server supports, with where each one's parameters travel. @see RFC 6749 §4.1.2, §4.2.2 */
export const RESPONSE_MODES = { code: 'query', token: 'fragment' } as const;
export type ResponseType = keyof typeof RESPONSE_MODES;
export const RESPONSE_TYPES = Object.keys(RESPONSE_MODES) as ResponseType[];

/**
 * `code` for everyone registered for it; `token` (implicit) only for the two lesson clients registered for it.
 * @see RFC 6749 §3.1.1, §4.1.2.1; RFC 9700 §2.1.2 (implicit grant SHOULD NOT be used)
 */
export function checkResponseType(ctx: RequestContext, client: DemoClient, response_type: string | undefined): ResponseType {
  const inputs = { response_type: response_type ?? null, registered: client.response_types };
  const fail = (detail: string) => recordCheck(ctx, { name: 'response_type allowed', rfc: 'RFC 6749 §4.1.2.1', inputs, pass: false, detail });
  if (response_type === undefined) {
    fail('The request has no response_type.');
    throw invalidRequest('response_type is missing');
  }
  if (!(RESPONSE_TYPES as readonly string[]).includes(response_type)) {
    fail(`This server does not support response_type "${response_type}".`);
    throw unsupportedResponseType('this response_type is not supported');
  }
  const type = response_type as ResponseType;
  if (!client.response_types.includes(type)) {
    fail(`${client.client_id} is not registered for response_type "${type}".`);
    throw unauthorizedClient('this client may not use this response_type');
  }
  recordCheck(ctx, {
    name: 'response_type allowed',
    rfc: type === 'token' ? 'RFC 6749 §4.2.1' : 'RFC 6749 §4.1.1',
    inputs,
    pass: true,
    detail:
      type === 'token'
        ? 'Implicit grant: allowed only for a client registered for it (a lesson); the token will travel in the URL fragment.'
        : 'Authorization code flow.',
  });
  return type;
}
