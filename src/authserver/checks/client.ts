import { recordCheck, type RequestContext } from '../context';
import { invalidRequest, OAuthError } from '../errors';
import { lookupClient } from '../clients';
import type { DemoClient } from '../seed';

/**
 * The authorization request names a registered client. Failures are never redirected: without
 * a known client there is no redirect URI to trust. @see RFC 6749 §4.1.2.1
 */
export async function checkClient(ctx: RequestContext, client_id: string | undefined): Promise<DemoClient> {
  const client = await lookupClient(ctx, client_id);
  recordCheck(ctx, {
    name: 'client is registered',
    rfc: 'RFC 6749 §4.1.2.1',
    inputs: { client_id: client_id ?? null },
    pass: client !== undefined,
    detail: client ? `${client.client_name}.` : 'No client is registered with this client_id.',
  });
  if (client_id === undefined) throw invalidRequest('client_id is missing', { mayRedirect: false });
  if (!client) throw new OAuthError('invalid_client', 'unknown client_id', { mayRedirect: false });
  return client;
}
