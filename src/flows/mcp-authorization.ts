import { authorizationRequest, callback, checkState, loginAndConsent, userDecides } from './common-steps.ts';
import { authorizationServer, browser, user } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/**
 * The authorization request's teaching variant: name the lab's API as the resource (in the authorization and the
 * token request), so the token's audience is the API, not the MCP server. @see RFC 8707 §2
 */
export const TOKEN_FOR_ANOTHER_RESOURCE = {
  id: 'token-for-another-resource',
  label: 'Ask for a token for the Photo API instead',
} as const satisfies StepAction;

/**
 * Authorization for an MCP server: an MCP client that knows only the server's URL is refused, follows
 * the server's protected resource metadata to its authorization server, registers itself, runs the
 * authorization code flow with PKCE and a resource indicator, and calls the server with a token made
 * for it alone.
 * @see MCP Authorization (2025-11-25); RFC 9728; RFC 8414; RFC 7591; RFC 8707
 */
export const mcpAuthorization = {
  slug: 'mcp-authorization',
  title: 'Authorization for MCP servers',
  participants: [
    user,
    browser,
    { id: 'MCPClient', label: 'MCP client (AI agent)', kind: 'client' },
    { id: 'MCPServer', label: 'MCP server', kind: 'resource' },
    authorizationServer,
  ],
  steps: [
    {
      id: 'mcp-request',
      from: 'MCPClient',
      to: 'MCPServer',
      kind: 'request',
      label: 'POST /mcp { "method": "initialize" }, no token',
      teaches: 'The client knows only the MCP server’s URL and calls it the way it would call any MCP server.',
      rfc: 'RFC 9728 §5',
      channel: 'back',
    },
    {
      id: 'mcp-unauthorized',
      from: 'MCPServer',
      to: 'MCPClient',
      kind: 'response',
      label: '401 WWW-Authenticate: Bearer resource_metadata="…"',
      teaches: 'The server refuses without a token and says where its protected resource metadata is.',
      rfc: 'RFC 9728 §5.1',
      channel: 'back',
    },
    {
      id: 'resource-metadata-request',
      from: 'MCPClient',
      to: 'MCPServer',
      kind: 'request',
      label: 'GET /.well-known/oauth-protected-resource/mcp',
      teaches: 'The client fetches the metadata URL from the challenge.',
      rfc: 'RFC 9728 §3.1',
      channel: 'back',
    },
    {
      id: 'resource-metadata-response',
      from: 'MCPServer',
      to: 'MCPClient',
      kind: 'response',
      label: '200 { resource, authorization_servers, scopes_supported }',
      teaches: 'The metadata names the resource identifier and the authorization servers that issue tokens for it; the client checks that resource is the URL it called.',
      rfc: 'RFC 9728 §3.3',
      channel: 'back',
    },
    {
      id: 'as-metadata-request',
      from: 'MCPClient',
      to: 'AS',
      kind: 'request',
      label: 'GET /.well-known/oauth-authorization-server',
      teaches: 'From the issuer the client derives the authorization server’s metadata URL.',
      rfc: 'RFC 8414 §3.1',
      channel: 'back',
    },
    {
      id: 'as-metadata-response',
      from: 'AS',
      to: 'MCPClient',
      kind: 'response',
      label: '200 { issuer, authorization_endpoint, token_endpoint, registration_endpoint… }',
      teaches: 'The metadata lists the endpoints, S256 for PKCE, and a registration endpoint; the client checks that issuer is the one it asked.',
      rfc: 'RFC 8414 §3.3',
      channel: 'back',
    },
    {
      id: 'register-request',
      from: 'MCPClient',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/register { client_name, redirect_uris, token_endpoint_auth_method: "none" }',
      teaches: 'The client has never met this authorization server, so it registers itself as a public client.',
      rfc: 'RFC 7591 §3.1',
      channel: 'back',
    },
    {
      id: 'register-response',
      from: 'AS',
      to: 'MCPClient',
      kind: 'response',
      label: '201 { client_id, client_id_issued_at, … }',
      teaches: 'The server answers with a client_id of its own choosing and the metadata it registered.',
      rfc: 'RFC 7591 §3.2.1',
      channel: 'back',
    },
    {
      id: 'redirect-to-authorize',
      from: 'MCPClient',
      to: 'Browser',
      kind: 'redirect',
      label: 'Open /oauth/authorize?…&resource=…&code_challenge=…',
      teaches: 'The client opens the user’s browser with an authorization request that names the MCP server as the resource, with PKCE.',
      rfc: 'RFC 8707 §2.1',
      channel: 'front',
      actions: [TOKEN_FOR_ANOTHER_RESOURCE],
    },
    authorizationRequest({
      label: 'GET /oauth/authorize?…&resource=…',
      teaches: 'The resource indicator tells the server which resource the token will be for.',
      rfc: 'RFC 8707 §2.1',
      parameters: ['response_type=code', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method=S256', 'resource'],
    }),
    loginAndConsent(),
    userDecides(),
    {
      id: 'redirect-with-code',
      from: 'AS',
      to: 'Browser',
      kind: 'redirect',
      label: '302 to redirect_uri?code=…&state=…&iss=…',
      teaches: 'The server sends the browser back to the client with the code.',
      rfc: 'RFC 6749 §4.1.2',
      channel: 'front',
      showsServerChecks: true,
      parameters: ['code', 'state', 'iss'],
    },
    callback('MCPClient', {
      teaches: 'The client receives the code at its redirect_uri.',
    }),
    checkState('MCPClient'),
    {
      id: 'token-request',
      from: 'MCPClient',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token (code, code_verifier, resource)',
      teaches: 'The client redeems the code with its verifier and names the resource again.',
      rfc: 'RFC 8707 §2.2',
      channel: 'back',
      parameters: ['grant_type=authorization_code', 'code', 'redirect_uri', 'client_id', 'code_verifier', 'resource'],
      authenticates: 'none',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'MCPClient',
      kind: 'response',
      label: '200 { access_token (aud = the MCP server), … }',
      teaches: 'The access token’s audience is the MCP server and nothing else.',
      rfc: 'RFC 8707 §2.2',
      channel: 'back',
    },
    {
      id: 'mcp-call',
      from: 'MCPClient',
      to: 'MCPServer',
      kind: 'request',
      label: 'POST /mcp { "method": "tools/call" }, Authorization: Bearer …',
      teaches: 'The client calls a tool of the MCP server with the token in the Authorization header.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'mcp-response',
      from: 'MCPServer',
      to: 'MCPClient',
      kind: 'response',
      label: '200 { "jsonrpc": "2.0", "result": … }',
      teaches: 'The MCP server accepts only tokens whose audience is itself, then answers the call.',
      rfc: 'RFC 8707 §2',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'redirect-to-authorize',
      text: 'Why does the client add resource (the MCP server’s URL) to its authorization and token requests?',
      options: [
        'So the authorization server knows where to send the browser back',
        'So the token is issued for this MCP server alone: its audience names it, and no other resource server accepts it',
        'So the MCP server can register the client on the authorization server',
      ],
      answer: 1,
      explanation:
        'The resource parameter tells the authorization server which protected resource the token is for, and the server restricts the token’s audience to it (RFC 8707 §2, §2.2). The MCP server accepts only tokens whose audience is itself, and another API refuses a token made for the MCP server, so a token given to one server cannot be replayed at another. The URL the client sends is the resource identifier that the MCP server’s protected resource metadata published (RFC 9728 §2). The way back is redirect_uri, and registration happened earlier, at the registration endpoint (RFC 7591 §3).',
    },
  ],
} as const satisfies FlowDefinition;
