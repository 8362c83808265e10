import { apiRequest, invalidToken } from './common-steps.ts';
import { authorizationServer, clientApp, resourceServer } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The introspection step's teaching variant: an unauthenticated prober is refused. @see RFC 7662 §2.1 */
export const WRONG_INTROSPECTION_SECRET = { id: 'wrong-secret', label: 'Introspect with a wrong client secret' } as const satisfies StepAction;

/**
 * Token revocation and introspection: the app revokes its refresh token, and the grant's
 * access tokens stop working too.
 * @see RFC 7009
 * @see RFC 7662
 */
export const revocation = {
  slug: 'revocation',
  title: 'Revocation and Introspection',
  participants: [
    clientApp,
    authorizationServer,
    resourceServer,
  ],
  steps: [
    {
      id: 'holds-tokens',
      from: 'Client',
      to: 'Client',
      kind: 'check',
      label: 'Holds an access token and a refresh token',
      teaches:
        'The app holds tokens from an earlier authorization code flow; the user now signs out or removes the app.',
      rfc: 'RFC 7009 §1',
    },
    {
      id: 'revocation-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/revoke token=…&token_type_hint=refresh_token',
      teaches:
        'The app tells the server it no longer needs the refresh token, authenticating as the client the token was issued to.',
      rfc: 'RFC 7009 §2.1',
      channel: 'back',
      parameters: ['token', 'token_type_hint=refresh_token'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'revoke-grant',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'token belongs to this client? revoke it and the grant’s access tokens',
      teaches:
        'Revoking a refresh token invalidates it and, on servers that support it, every access token issued under the same grant.',
      rfc: 'RFC 7009 §2.1',
    },
    {
      id: 'revocation-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 (empty body)',
      teaches:
        'The server answers 200 even for a token it does not know, so the response reveals nothing about which tokens exist.',
      rfc: 'RFC 7009 §2.2',
      channel: 'back',
    },
    apiRequest({
      label: 'GET /api/me with the grant’s access token',
      teaches:
        'The access token is a signed JWT that has not expired yet, so its signature alone cannot tell the API it was revoked.',
    }),
    {
      id: 'introspection-request',
      from: 'RS',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/introspect token=…',
      teaches: 'The resource server asks the authorization server whether the token is still active.',
      rfc: 'RFC 7662 §2.1',
      channel: 'back',
      actions: [WRONG_INTROSPECTION_SECRET],
    },
    {
      id: 'introspection-response',
      from: 'AS',
      to: 'RS',
      kind: 'response',
      label: '200 { "active": false }',
      teaches:
        'For a revoked, expired or unknown token introspection answers only active:false, with no other detail.',
      rfc: 'RFC 7662 §2.2',
      channel: 'back',
    },
    invalidToken({ teaches: 'The API rejects the access token of the revoked grant with 401 and error="invalid_token".' }),
    {
      id: 'refresh-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token grant_type=refresh_token (revoked token)',
      teaches: 'Trying to refresh with the revoked token shows that the grant itself is gone.',
      rfc: 'RFC 6749 §6',
      channel: 'back',
      parameters: ['grant_type=refresh_token', 'refresh_token'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'invalid-grant',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '400 { "error": "invalid_grant" }',
      teaches: 'A revoked refresh token is answered with invalid_grant; to get access again the app must send the user through authorization.',
      rfc: 'RFC 6749 §5.2',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'refresh-request',
      text: 'The refresh token has been revoked. What does the token endpoint answer when the app tries to refresh with it?',
      options: [
        '200 with new tokens: revocation only affects access tokens',
        '400 with error invalid_grant',
        '401 with error invalid_client',
      ],
      answer: 1,
      explanation:
        'Revoking a refresh token invalidates it, and the server may revoke the access tokens of the same grant too (RFC 7009 §2.1); a revoked refresh token presented later is an invalid grant (RFC 6749 §5.2). The client still authenticates fine, so it is not invalid_client.',
    },
  ],
} as const satisfies FlowDefinition;
