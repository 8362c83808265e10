/**
 * Finding a client: the seeded demo clients, then the ones the learner registered (RFC 7591),
 * which live in the learner's own namespace and expire. @see RFC 7591 §3.2.1
 */
import type { RequestContext } from './context';
import { key } from './records';
import { findClient, type DemoClient } from './seed';

export async function lookupClient(ctx: RequestContext, client_id: string | undefined): Promise<DemoClient | undefined> {
  if (client_id === undefined) return undefined;
  return findClient(client_id) ?? (await ctx.store.get<DemoClient>(ctx.namespace, key.registeredClient(client_id)));
}
