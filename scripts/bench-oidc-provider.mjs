// Benchmark helper (not a test): oidc-provider on 127.0.0.1:PORT with the same client_credentials
// client as ours (Basic auth). BENCH_ACCESS_TOKEN_FORMAT picks what it issues:
//   jwt        RS256-signed JWT access tokens, its default algorithm (its resource-indicators feature with accessTokenFormat: 'jwt');
//   jwt-es256  ES256-signed JWT access tokens, the algorithm ours use: the like-for-like comparison;
//   opaque     its default for client_credentials: random reference tokens, stored, nothing signed.
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const format = process.env.BENCH_ACCESS_TOKEN_FORMAT ?? 'jwt';
if (!['jwt', 'jwt-es256', 'opaque'].includes(format)) throw new Error(`BENCH_ACCESS_TOKEN_FORMAT must be jwt, jwt-es256 or opaque, not ${format}`);
const alg = format === 'jwt-es256' ? 'ES256' : 'RS256';
const { client_id, client_secret, scope } = JSON.parse(process.env.BENCH_CLIENT);
const { privateKey } = await generateKeyPair(alg, { extractable: true });
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    { client_id, client_secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [], token_endpoint_auth_method: 'client_secret_basic', scope, id_token_signed_response_alg: alg },
  ],
  scopes: scope.split(' '),
  jwks: { keys: [{ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: 'bench' }] },
  features: {
    clientCredentials: { enabled: true },
    ...(format !== 'opaque'
      ? {
          resourceIndicators: {
            enabled: true,
            defaultResource: () => `${issuer}/api`,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({ scope, audience: `${issuer}/api`, accessTokenFormat: 'jwt', jwt: { sign: { alg } } }),
          },
        }
      : {}),
  },
});
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider (${format} access tokens) listening on ${issuer}`));
