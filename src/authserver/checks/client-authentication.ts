import { createHash, timingSafeEqual } from 'node:crypto';
import { recordCheck, type RequestContext } from '../context';
import { invalidClient, invalidRequest } from '../errors';
import type { Params } from '../http';
import { lookupClient } from '../clients';
import type { ClientAuthMethod, DemoClient } from '../seed';

/** The ways a client can authenticate here; the discovery document lists them. @see RFC 8414 §2 */
export const CLIENT_AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];

export interface AuthenticatedClient {
  client: DemoClient;
  method: ClientAuthMethod;
}

const RFC = 'RFC 6749 §2.3.1';

/**
 * Reads `Authorization: Basic base64(urlencode(client_id):urlencode(client_secret))`.
 * @see RFC 6749 §2.3.1 (the id and secret are form-urlencoded before Basic encoding)
 */
function parseBasic(header: string): { client_id: string; client_secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '));
    return { client_id: formDecode(decoded.slice(0, colon)), client_secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

function secretsEqual(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Client authentication at the token, revocation and introspection endpoints:
 * `client_secret_basic`, `client_secret_post`, or `none` (public clients send only client_id).
 * @see RFC 6749 §2.3 ("MUST NOT use more than one authentication method in each request"), §3.2.1
 */
export async function authenticateClient(ctx: RequestContext, params: Params): Promise<AuthenticatedClient> {
  const header = ctx.request.headers.get('authorization');
  const usedBasic = header !== null;
  const basic = header !== null ? parseBasic(header) : undefined;
  /** The trace tells the learner what went wrong; the error names what failed, never the values sent. */
  const fail = (detail: string, description: string, inputs: Record<string, unknown>) => {
    recordCheck(ctx, { name: 'client authentication', rfc: RFC, inputs, pass: false, detail });
    return invalidClient(description, usedBasic);
  };
  if (header !== null && !basic) {
    throw fail('The Authorization header is not valid HTTP Basic credentials.', 'the Authorization header is not valid Basic credentials', { authorization: header });
  }
  const bodyClientId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (basic && bodySecret !== undefined) {
    throw invalidRequest('use only one client authentication method (Basic header or client_secret in the body)');
  }
  if (basic && bodyClientId !== undefined && bodyClientId !== basic.client_id) {
    throw invalidRequest('client_id in the body does not match the Basic credentials');
  }
  const method: ClientAuthMethod = basic ? 'client_secret_basic' : bodySecret !== undefined ? 'client_secret_post' : 'none';
  const client_id = basic?.client_id ?? bodyClientId;
  const presented = basic?.client_secret ?? bodySecret;
  const inputs = { client_id, method, ...(presented !== undefined ? { client_secret: presented } : {}) };
  if (client_id === undefined) throw fail('No client authentication was included.', 'client authentication is missing', inputs);
  const client = await lookupClient(ctx, client_id);
  if (!client) throw fail('No client is registered with this client_id.', 'unknown client_id', inputs);
  if (!client.token_endpoint_auth_methods.includes(method)) {
    throw fail(
      `${client_id} is registered for ${client.token_endpoint_auth_methods.join(' or ')}, not ${method}.`,
      `this client is registered for ${client.token_endpoint_auth_methods.join(' or ')}, not ${method}`,
      inputs,
    );
  }
  if (method !== 'none' && !secretsEqual(presented ?? '', client.client_secret ?? '')) {
    throw fail('The client secret is wrong.', 'the client secret is wrong', inputs);
  }
  recordCheck(ctx, {
    name: 'client authentication',
    rfc: RFC,
    inputs,
    pass: true,
    detail:
      method === 'none'
        ? `${client_id} is a public client: it identifies itself but has no secret to prove it.`
        : `${client_id} proved its identity with its secret (${method}).`,
  });
  return { client, method };
}
