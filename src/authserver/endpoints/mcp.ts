/**
 * POST /mcp: a small MCP server (JSON-RPC 2.0 over HTTP POST, JSON answers) with one tool,
 * `list_photos`. It is a protected resource of its own: every request needs an access token whose
 * audience is this resource; a token for the lab's API is refused. Without a token the challenge
 * names its protected resource metadata, where an MCP client starts discovering how to authorize.
 * Requests for another host never get here (the server answers 421), which is what keeps DNS
 * rebinding out. @see MCP Basic: Transports (Streamable HTTP), Authorization; RFC 9728 §5.1; RFC 8707 §2
 */
import { recordCheck, type RequestContext } from '../context';
import { json, mediaType } from '../http';
import { protectedResource } from '../resource-server';
import { findUser, PHOTOS, RESOURCES } from '../seed';
import type { AccessTokenClaims } from '../tokens';

/** The MCP revisions this server speaks, newest first. */
export const MCP_PROTOCOL_VERSIONS = ['2026-07-28', '2025-11-25', '2025-06-18'] as const;

/** @see JSON-RPC 2.0 §5.1 */
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

export const MCP_TOOLS = [
  {
    name: 'list_photos',
    title: 'List my photos',
    description: 'Lists the photos of the user who authorized this client.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  },
] as const;

type RpcId = string | number | null;

const rpcError = (id: RpcId, code: number, message: string, status = 200) => json({ jsonrpc: '2.0', id, error: { code, message } }, status);
const rpcResult = (id: RpcId, result: unknown) => json({ jsonrpc: '2.0', id, result }, 200, { 'Cache-Control': 'no-store' });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `list_photos`: the photos of the user the token was issued for. */
function listPhotos(claims: AccessTokenClaims) {
  const photos = PHOTOS.filter((photo) => !findUser(claims.sub) || photo.owner === claims.sub);
  return { content: [{ type: 'text', text: JSON.stringify(photos) }], structuredContent: { photos }, isError: false };
}

async function answer(ctx: RequestContext, claims: AccessTokenClaims): Promise<Response> {
  const version = ctx.request.headers.get('mcp-protocol-version');
  if (version !== null && !(MCP_PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
    return rpcError(null, INVALID_REQUEST, `unsupported MCP-Protocol-Version; this server speaks ${MCP_PROTOCOL_VERSIONS.join(', ')}`, 400);
  }
  if (mediaType(ctx.request) !== 'application/json') return rpcError(null, PARSE_ERROR, 'send a JSON-RPC message as application/json', 400);
  let message: unknown;
  try {
    message = JSON.parse(ctx.bodyText ?? '');
  } catch {
    return rpcError(null, PARSE_ERROR, 'the body is not JSON', 400);
  }
  if (!isRecord(message) || message.jsonrpc !== '2.0' || typeof message.method !== 'string') {
    return rpcError(null, INVALID_REQUEST, 'send one JSON-RPC 2.0 request or notification', 400);
  }
  const { id, method } = message;
  const params = isRecord(message.params) ? message.params : {};
  // A notification has no id and gets no answer. @see MCP Transports (Streamable HTTP): 202 Accepted
  if (id === undefined) return new Response(null, { status: 202 });
  if (typeof id !== 'string' && typeof id !== 'number') return rpcError(null, INVALID_REQUEST, 'id must be a string or a number', 400);
  recordCheck(ctx, {
    name: 'MCP request',
    rfc: 'MCP Basic: Authorization',
    actor: 'resource',
    inputs: { method, aud: claims.aud ?? null, client_id: claims.client_id },
    pass: true,
    detail: `A token for ${RESOURCES.mcp.resource_name}, so the MCP server answers ${method}.`,
  });
  switch (method) {
    case 'initialize': {
      const requested = typeof params.protocolVersion === 'string' ? params.protocolVersion : undefined;
      const protocolVersion = (MCP_PROTOCOL_VERSIONS as readonly string[]).includes(requested ?? '') ? requested : MCP_PROTOCOL_VERSIONS[0];
      return rpcResult(id, { protocolVersion, capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'photo-tools', version: '1.0.0' } });
    }
    case 'ping':
      return rpcResult(id, {});
    case 'tools/list':
      return rpcResult(id, { tools: MCP_TOOLS });
    case 'tools/call':
      if (!MCP_TOOLS.some((tool) => tool.name === params.name)) return rpcError(id, INVALID_PARAMS, 'unknown tool');
      return rpcResult(id, listPhotos(claims));
    default:
      return rpcError(id, METHOD_NOT_FOUND, 'method not found');
  }
}

export const mcpEndpoint = protectedResource({ resource: 'mcp', scope: 'photos.read', advertiseMetadata: true }, answer);
