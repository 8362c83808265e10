import { decodeJwt } from 'jose';
import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { GRANT_AUTHORIZATION_CODE, resourceIdentifier } from '../../authserver/seed';
import { mcpAuthorization, TOKEN_FOR_ANOTHER_RESOURCE } from '../../flows/mcp-authorization';
import {
  authorizationUrlBuilt,
  buildAuthorizationUrl,
  redirectRoundTrip,
  tokenAnswer,
  tokenResponseCheck,
} from '../browser-flow';
import { bearerRefusal } from '../client-checks';
import { describeOAuthError, parseChallenge, parseJsonObject } from '../client-requests';
import { defineWalkthrough } from '../define';
import { pullNewServerEvents, type WalkthroughEnv } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck, recordedFetch, type RecordedFetchResult } from '../recorder';
import type { StepResult } from '../types';

/**
 * Authorization for an MCP server, played for real: the page plays an MCP client that knows only the
 * MCP server's URL. It follows the 401 to the protected resource metadata, then to the authorization
 * server's metadata, registers itself, runs the code flow with PKCE and `resource`, and calls a tool.
 * @see MCP Authorization (2025-11-25); RFC 9728; RFC 8414; RFC 7591; RFC 8707
 */

/** The MCP client, as it registers itself. @see RFC 7591 §2 */
export const mcpClient = {
  client_name: 'Lab agent (MCP client)',
  redirect_path: CLIENT_PAGES.callback,
  scope: 'photos.read',
} as const;

/** The MCP revision the client speaks; sent in MCP-Protocol-Version after initialize. */
const MCP_PROTOCOL_VERSION = '2025-11-25';

/** A JSON-RPC request to the MCP server, over Streamable HTTP. */
function mcpPost(env: WalkthroughEnv, message: Record<string, unknown>, accessToken?: string): Promise<RecordedFetchResult> {
  return recordedFetch(
    env.fetch,
    env.recorder,
    `${env.origin}${ENDPOINTS.mcp}`,
    {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...(accessToken === undefined ? {} : { Authorization: `Bearer ${accessToken}`, 'MCP-Protocol-Version': MCP_PROTOCOL_VERSION }),
      },
      body: JSON.stringify({ jsonrpc: '2.0', ...message }),
    },
    { server: 'resource', channel: 'back' },
  );
}

/** A GET of a metadata document. */
function getJson(env: WalkthroughEnv, url: string, server: 'resource' | 'authserver'): Promise<RecordedFetchResult> {
  return recordedFetch(env.fetch, env.recorder, url, { headers: { Accept: 'application/json' } }, { server, channel: 'back' });
}

/** Stops the run with the server's checks when a step's request did not get the answer it needs. */
async function stopWith(env: WalkthroughEnv, input: Parameters<typeof pullNewServerEvents>[1], events: StepResult['events'], message: string): Promise<StepResult> {
  const pulled = await pullNewServerEvents(env, input, events ?? []);
  return { events: [...(events ?? []), ...pulled.events], serverSeq: pulled.serverSeq, outcome: 'error', message };
}

/** What the client records: the MCP server's challenge and answers, the metadata it followed, its registration, its request, the authorization response and the tokens. */
const fields = [
  'mcp_status', 'mcp_www_authenticate', 'mcp_response', 'resource_metadata_url', 'resource_metadata', 'authorization_server', 'authorization_server_metadata', 'registration_endpoint',
  'registered_client_id', 'resource', 'requested_resource', 'state', 'code_verifier', 'code_challenge', 'authorization_url', 'redirect_uri',
  'error', 'error_description', 'decision', 'code', 'returned_state', 'iss', 'access_token', 'token_type',
  'expires_in', 'refresh_token', 'scope', 'token_cache_control', 'token_error', 'token_error_text',
] as const;

export const mcpAuthorizationWalkthrough = defineWalkthrough(mcpAuthorization, fields, (env) => {
  const redirectUri = `${env.origin}${mcpClient.redirect_path}`;
  const mcpUrl = `${env.origin}${ENDPOINTS.mcp}`;
  const asMetadata = (text: string | undefined) => parseJsonObject(text ?? '') ?? {};

  return {
    'mcp-request': {
      async run() {
        const { event, response } = await mcpPost(env, {
          id: 1,
          method: 'initialize',
          params: { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: mcpClient.client_name, version: '1.0' } },
        });
        return { events: [event], learner: { mcp_status: response.status, mcp_www_authenticate: response.headers.get('www-authenticate') ?? '' } };
      },
    },

    'mcp-unauthorized': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const challenge = parseChallenge(input.learner.mcp_www_authenticate);
        const url = challenge?.resource_metadata ?? '';
        const found = input.learner.mcp_status === 401 && url !== '';
        const check = recordCheck(env.recorder, 'resource_metadata in the challenge', { status: input.learner.mcp_status ?? 0, 'www-authenticate': input.learner.mcp_www_authenticate || '(missing)', resource_metadata: url || '(missing)' }, found, {
          detail: found ? 'The MCP server needs a token and says where its protected resource metadata is.' : 'The 401 does not say where the resource metadata is.',
          rfc: 'RFC 9728 §5.1',
        });
        const result = { events: [...pulled.events, check], serverSeq: pulled.serverSeq };
        if (!found) return { ...result, outcome: 'error' as const, message: 'The MCP server did not point to its protected resource metadata.' };
        return { ...result, learner: { resource_metadata_url: url } };
      },
    },

    'resource-metadata-request': {
      async run(input) {
        const { body, event } = await getJson(env, input.learner.resource_metadata_url ?? '', 'resource');
        return { events: [event], learner: { resource_metadata: body } };
      },
    },

    'resource-metadata-response': {
      async run(input) {
        const metadata = parseJsonObject(input.learner.resource_metadata ?? '') ?? {};
        const servers = Array.isArray(metadata.authorization_servers) ? metadata.authorization_servers.filter((s): s is string => typeof s === 'string') : [];
        const sameResource = metadata.resource === mcpUrl;
        const events = [
          recordCheck(env.recorder, 'metadata resource is the MCP server', { expected: mcpUrl, resource: metadata.resource ?? '(missing)' }, sameResource, {
            detail: sameResource ? 'The metadata is about the very URL the client called.' : 'The metadata describes another resource: the client must not use it.',
            rfc: 'RFC 9728 §3.3',
          }),
          recordCheck(env.recorder, 'authorization server named', { authorization_servers: servers.join(' ') || '(none)' }, servers.length > 0, {
            detail: servers.length ? `Tokens for this MCP server come from ${servers[0]}.` : 'No authorization server is named.',
            rfc: 'RFC 9728 §2',
          }),
        ];
        if (!sameResource || servers.length === 0) return { events, outcome: 'error', message: 'The protected resource metadata cannot be used.' };
        return { events, learner: { resource: mcpUrl, authorization_server: servers[0]! } };
      },
    },

    'as-metadata-request': {
      async run(input) {
        /** The well-known URL is built from the issuer identifier. @see RFC 8414 §3.1 */
        const { body, event } = await getJson(env, new URL(ENDPOINTS.metadata, input.learner.authorization_server ?? env.origin).href, 'authserver');
        return { events: [event], learner: { authorization_server_metadata: body } };
      },
    },

    'as-metadata-response': {
      async run(input) {
        const metadata = asMetadata(input.learner.authorization_server_metadata);
        const issuer = input.learner.authorization_server ?? '';
        const methods = Array.isArray(metadata.code_challenge_methods_supported) ? metadata.code_challenge_methods_supported : [];
        const registration = typeof metadata.registration_endpoint === 'string' ? metadata.registration_endpoint : '';
        const documents = metadata.client_id_metadata_document_supported === true;
        const checks = [
          { name: 'issuer matches', inputs: { expected: issuer, issuer: metadata.issuer ?? '(missing)' }, passed: metadata.issuer === issuer, detail: 'The metadata is the one of the authorization server the resource named.', rfc: 'RFC 8414 §3.3' },
          { name: 'S256 supported', inputs: { code_challenge_methods_supported: methods.join(' ') || '(missing)' }, passed: methods.includes('S256'), detail: 'MCP clients must use PKCE with S256 and refuse a server that does not list it.', rfc: 'RFC 8414 §2' },
          {
            name: 'registration method chosen',
            inputs: { pre_registered: false, client_id_metadata_document_supported: documents, registration_endpoint: registration || '(none)' },
            passed: registration !== '',
            detail: registration
              ? 'No client_id for this server yet, and no client ID metadata documents offered: the client falls back to dynamic registration, as MCP orders it.'
              : 'The server offers no way for a new client to get a client_id.',
            rfc: 'RFC 7591 §3',
          },
        ];
        const events = checks.map((check) => recordCheck(env.recorder, check.name, check.inputs, check.passed, check));
        const failed = checks.find((check) => !check.passed);
        if (failed) return { events, outcome: 'error', message: `The client stops: ${failed.name} failed (${failed.rfc}).` };
        return { events, learner: { registration_endpoint: registration } };
      },
    },

    'register-request': {
      async run(input) {
        /** The client's own metadata: a public client (no secret). @see RFC 7591 §2, §3.1 */
        const metadata = {
          client_name: mcpClient.client_name,
          redirect_uris: [redirectUri],
          grant_types: [GRANT_AUTHORIZATION_CODE],
          response_types: ['code'],
          token_endpoint_auth_method: 'none',
          scope: mcpClient.scope,
        };
        const { body, event, response } = await recordedFetch(
          env.fetch,
          env.recorder,
          input.learner.registration_endpoint ?? '',
          { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(metadata) },
          { server: 'authserver', channel: 'back' },
        );
        const clientId = parseJsonObject(body)?.client_id;
        if (response.status !== 201 || typeof clientId !== 'string') {
          return stopWith(env, input, [event], `Registration refused: ${describeOAuthError(body, response.status)} (RFC 7591 §3.2.2).`);
        }
        return { events: [event], learner: { registered_client_id: clientId, client_id: clientId } };
      },
    },

    'register-response': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const clientId = input.learner.registered_client_id ?? '';
        return {
          events: [
            ...pulled.events,
            recordCheck(env.recorder, 'client_id received', { client_id: clientId || '(missing)' }, clientId !== '', {
              detail: '201 Created: the server chose this client_id; the client keeps it for this authorization server.',
              rfc: 'RFC 7591 §3.2.1',
            }),
          ],
          serverSeq: pulled.serverSeq,
        };
      },
    },

    'redirect-to-authorize': {
      async run(input) {
        const state = randomToken(16, env.random);
        const pkce = await s256CodeChallenge(createCodeVerifier(env.random));
        const otherResource = input.action === TOKEN_FOR_ANOTHER_RESOURCE.id;
        const resource = otherResource ? resourceIdentifier(env.origin, 'api') : (input.learner.resource ?? mcpUrl);
        const endpoint = asMetadata(input.learner.authorization_server_metadata).authorization_endpoint;
        const parameters = {
          response_type: { value: 'code', why: 'The authorization code flow. RFC 6749 §4.1.1' },
          client_id: { value: input.learner.registered_client_id ?? '', why: 'The client_id the server just issued. RFC 7591 §3.2.1' },
          redirect_uri: { value: redirectUri, why: 'The one the client registered. RFC 6749 §3.1.2' },
          scope: { value: mcpClient.scope, why: 'From the resource metadata’s scopes_supported. RFC 9728 §2' },
          state: { value: state, why: 'Expected back unchanged (CSRF protection). RFC 6749 §10.12' },
          code_challenge: { value: pkce.code_challenge, why: 'PKCE, required by MCP for every client. RFC 7636 §4.3' },
          code_challenge_method: { value: 'S256', why: 'SHA-256. RFC 7636 §4.3' },
          resource: {
            value: resource,
            why: otherResource ? 'The Photo API, not the MCP server: the token will be for the wrong audience. RFC 8707 §2' : 'The MCP server: the token will be for it alone. RFC 8707 §2',
          },
        };
        const authorizationUrl = buildAuthorizationUrl(typeof endpoint === 'string' ? endpoint : `${env.origin}${ENDPOINTS.authorize}`, parameters);
        return {
          learner: { state, code_verifier: pkce.code_verifier, code_challenge: pkce.code_challenge, authorization_url: authorizationUrl, redirect_uri: redirectUri, requested_resource: resource },
          events: [authorizationUrlBuilt(env, authorizationUrl, parameters, { detail: 'The endpoint comes from the discovered metadata; resource names the token’s audience.', rfc: 'RFC 8707 §2.1' })],
        };
      },
    },

    ...redirectRoundTrip(env, redirectUri),

    'token-request': {
      async run(input) {
        const endpoint = asMetadata(input.learner.authorization_server_metadata).token_endpoint;
        const body = new URLSearchParams({
          grant_type: GRANT_AUTHORIZATION_CODE,
          code: input.learner.code ?? '',
          redirect_uri: input.learner.redirect_uri ?? redirectUri,
          client_id: input.learner.registered_client_id ?? '',
          code_verifier: input.learner.code_verifier ?? '',
          resource: input.learner.requested_resource ?? mcpUrl,
        });
        const { response, body: text, event } = await recordedFetch(
          env.fetch,
          env.recorder,
          typeof endpoint === 'string' ? endpoint : `${env.origin}${ENDPOINTS.token}`,
          { method: 'POST', headers: { Accept: 'application/json' }, body },
          { server: 'authserver', channel: 'back' },
        );
        if (!response.ok) return stopWith(env, input, [event], `The token endpoint refused: ${describeOAuthError(text, response.status)}.`);
        return { events: [event], learner: tokenAnswer(response, text) };
      },
    },

    'token-response': {
      async run(input) {
        let aud: unknown;
        try {
          aud = decodeJwt(input.learner.access_token ?? '').aud;
        } catch {
          aud = undefined;
        }
        const requested = input.learner.requested_resource ?? mcpUrl;
        const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
        return {
          events: [
            tokenResponseCheck(env, input.learner),
            recordCheck(env.recorder, 'token audience', { requested_resource: requested, aud: audiences.join(' ') || '(missing)', mcp_server: mcpUrl }, audiences.includes(requested), {
              detail: requested === mcpUrl ? 'The token is for the MCP server and nothing else.' : 'The token is for the Photo API, as asked: not for the MCP server.',
              rfc: 'RFC 8707 §2.2',
            }),
          ],
        };
      },
    },

    'mcp-call': {
      async run(input) {
        const { body, event, response } = await mcpPost(env, { id: 2, method: 'tools/call', params: { name: 'list_photos', arguments: {} } }, input.learner.access_token ?? '');
        return { events: [event], learner: { mcp_status: response.status, mcp_response: body, mcp_www_authenticate: response.headers.get('www-authenticate') ?? '' } };
      },
    },

    'mcp-response': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        if (input.learner.mcp_status !== 200) {
          const refusal = bearerRefusal(
            env,
            'MCP server refuses the token',
            { status: input.learner.mcp_status ?? 0, wwwAuthenticate: input.learner.mcp_www_authenticate ?? '' },
            { status: 401, error: 'invalid_token' },
            { refused: () => 'The token’s audience is another resource, so the MCP server refuses it.', accepted: 'The MCP server did not answer.' },
          );
          return {
            events: [...pulled.events, refusal.event],
            serverSeq: pulled.serverSeq,
            outcome: 'error',
            message: `The MCP server answered ${input.learner.mcp_status} invalid_token: a token for another resource is refused (RFC 8707 §2).`,
          };
        }
        const result = (parseJsonObject(input.learner.mcp_response ?? '')?.result ?? {}) as { structuredContent?: { photos?: unknown[] } };
        const photos = result.structuredContent?.photos?.length ?? 0;
        return {
          events: pulled.events,
          serverSeq: pulled.serverSeq,
          message: `Done: starting from the MCP server’s URL alone, the client found its authorization server, registered, and called list_photos (${photos} photo${photos === 1 ? '' : 's'}) with a token for that server only.`,
        };
      },
    },
  };
});
