// Benchmark helper (not a test): oidc-provider on 127.0.0.1:PORT with the same client_credentials
// client as ours (Basic auth). BENCH_ACCESS_TOKEN_FORMAT picks what it issues:
//   jwt     RS256-signed JWT access tokens, as ours are (its resource-indicators feature with accessTokenFormat: 'jwt');
//   opaque  its default for client_credentials: random reference tokens, stored, nothing signed.
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const format = process.env.BENCH_ACCESS_TOKEN_FORMAT ?? 'jwt';
if (format !== 'jwt' && format !== 'opaque') throw new Error(`BENCH_ACCESS_TOKEN_FORMAT must be jwt or opaque, not ${format}`);
const { client_id, client_secret, scope } = JSON.parse(process.env.BENCH_CLIENT);
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    { client_id, client_secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic', scope },
  ],
  scopes: scope.split(' '),
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'bench' }] },
  features: {
    clientCredentials: { enabled: true },
    ...(format === 'jwt'
      ? {
          resourceIndicators: {
            enabled: true,
            defaultResource: () => `${issuer}/api`,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({ scope, audience: `${issuer}/api`, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
          },
        }
      : {}),
  },
});
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider (${format} access tokens) listening on ${issuer}`));
