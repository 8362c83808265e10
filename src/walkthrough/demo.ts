import { CLIENTS, USERS, type DemoClient } from '../authserver/seed';
import type { ConfidentialClient } from './client-requests';
import type { DemoCredentials } from './frame';

/**
 * The demo data the walk-through plays with, taken from the server's seed: nothing here retypes a
 * client id's secret or a user's password.
 */

/** The seeded client with this id; throws for an id the seed does not have (a typo in a script). */
export function demoClient(client_id: string): DemoClient {
  const client = CLIENTS.find((candidate) => candidate.client_id === client_id);
  if (!client) throw new Error(`No demo client "${client_id}" in the server's seed.`);
  return client;
}

/** A confidential seeded client's id and secret, for client authentication. @see RFC 6749 §2.3.1 */
export function clientCredentials(client_id: string): ConfidentialClient {
  const { client_secret } = demoClient(client_id);
  if (client_secret === undefined) throw new Error(`The demo client "${client_id}" is public: it has no secret.`);
  return { client_id, client_secret };
}

/** The demo user the walk-through logs in as when the learner presses Next at the consent page. */
export const demoUser: DemoCredentials = { username: USERS[0]!.username, password: USERS[0]!.password };

/** A secret that is not the client's, for the "wrong client secret" variants. */
export function wrongSecretOf(client: ConfidentialClient): ConfidentialClient {
  return { ...client, client_secret: `not-${client.client_secret}` };
}
