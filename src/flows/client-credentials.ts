import { authorizationServer, resourceServer } from './participants.ts';
import type { FlowDefinition, StepAction } from './types.ts';

/** The token request's teaching variant: authenticate with a secret that is not the client's. @see RFC 6749 §5.2 */
export const WRONG_CLIENT_SECRET = { id: 'wrong-secret', label: 'Request a token with a wrong client secret' } as const satisfies StepAction;

/**
 * Client Credentials grant: machine to machine. A confidential client (`reporting-service`)
 * gets a token for itself; no user is involved.
 * @see RFC 6749 §4.4
 */
export const clientCredentials = {
  slug: 'client-credentials',
  title: 'Client Credentials',
  participants: [
    { id: 'Client', label: 'Reporting service', kind: 'client' },
    authorizationServer,
    resourceServer,
  ],
  steps: [
    {
      id: 'token-request',
      from: 'Client',
      to: 'AS',
      kind: 'request',
      label: 'POST /oauth/token grant_type=client_credentials&scope=photos.read',
      teaches:
        'With no user involved, the service asks for a token on its own behalf, naming the scopes it needs.',
      rfc: 'RFC 6749 §4.4.2',
      channel: 'back',
      actions: [WRONG_CLIENT_SECRET],
      parameters: ['grant_type=client_credentials', 'scope'],
      authenticates: 'client_secret_basic',
    },
    {
      id: 'authenticate-client',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'Authorization: Basic client_id and secret valid?',
      teaches:
        'This grant is only for confidential clients: the server authenticates the client, here with HTTP Basic and its secret.',
      rfc: 'RFC 6749 §2.3.1',
    },
    {
      id: 'check-scope',
      from: 'AS',
      to: 'AS',
      kind: 'check',
      label: 'requested scope allowed for this client?',
      teaches:
        'The server grants only scopes registered for this client and answers invalid_scope for anything else.',
      rfc: 'RFC 6749 §3.3',
    },
    {
      id: 'token-response',
      from: 'AS',
      to: 'Client',
      kind: 'response',
      label: '200 { access_token, expires_in, scope }',
      teaches:
        'The response carries an access token and the granted scope but no refresh token: the service simply asks again when it expires.',
      rfc: 'RFC 6749 §4.4.3',
      channel: 'back',
    },
    {
      id: 'api-request',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/photos, Authorization: Bearer …',
      teaches: 'The service calls the API with the access token in the Authorization header.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'verify-token',
      from: 'RS',
      to: 'RS',
      kind: 'check',
      label: 'signature, expiry, audience, scope photos.read',
      teaches:
        'The resource server checks the token’s signature and expiry and that its scope covers this endpoint.',
      rfc: 'RFC 6750 §3',
    },
    {
      id: 'api-response',
      from: 'RS',
      to: 'Client',
      kind: 'response',
      label: '200 { "photos": [ … ] }',
      teaches: 'The token carries the client’s own authority, not a user’s, and that is what the API honours.',
      rfc: 'RFC 6749 §4.4',
      channel: 'back',
    },
    {
      id: 'api-request-other-scope',
      from: 'Client',
      to: 'RS',
      kind: 'request',
      label: 'GET /api/me with the same token',
      teaches: 'An endpoint that needs a scope the token lacks is out of reach, whoever calls it.',
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'insufficient-scope',
      from: 'RS',
      to: 'Client',
      kind: 'response',
      label: '403 WWW-Authenticate: Bearer error="insufficient_scope"',
      teaches:
        'The resource server answers 403 with error="insufficient_scope" and names the scope that would be needed.',
      rfc: 'RFC 6750 §3.1',
      channel: 'back',
    },
  ],
  questions: [
    {
      step: 'api-request-other-scope',
      text: 'The client’s token has scope photos.read, and it now calls an API that needs another scope. What does the API answer?',
      options: [
        '401 with error="invalid_token"',
        '403 with error="insufficient_scope"',
        '200: any valid token is accepted',
      ],
      answer: 1,
      explanation:
        'The token is valid, it just does not carry the scope this resource needs: the resource server answers 403 with a Bearer challenge carrying error="insufficient_scope", and may name the scope required (RFC 6750 §3.1). invalid_token is for a token that is expired, revoked or malformed.',
    },
  ],
} as const satisfies FlowDefinition;
