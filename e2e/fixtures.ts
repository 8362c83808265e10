/**
 * The one place the browser tests take demo data and endpoint paths from: the server's seed and
 * path table, and the flow definitions (step counts, positions and anchors). No spec retypes a
 * secret, a password or an endpoint path.
 */
import { ATTACKER_AS, CLIENT_PAGES, ENDPOINTS, JOIN_PAGE } from '../src/authserver/paths';
import { CLIENTS, USERS } from '../src/authserver/seed';
import { stepAnchor } from '../src/flows/derive';
import type { FlowDefinition } from '../src/flows/types';

export { ATTACKER_AS, CLIENT_PAGES, ENDPOINTS, JOIN_PAGE, stepAnchor };

/** The demo user the tests sign in as. */
export const demoUser = USERS[0]!;

/** A seeded client's secret (for the Inspector's revealed `Authorization: Basic`). */
export function clientSecretOf(client_id: string): string {
  const secret = CLIENTS.find((client) => client.client_id === client_id)?.client_secret;
  if (secret === undefined) throw new Error(`No confidential demo client "${client_id}" in the seed.`);
  return secret;
}

/** A flow page's path. */
export function flowPath(flow: FlowDefinition): string {
  return `/flows/${flow.slug}/`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A regular expression whose interpolated values (paths from `ENDPOINTS`, `CLIENT_PAGES`) match
 * literally, e.g. route`^POST ${ENDPOINTS.token}` or route`${CLIENT_PAGES.callback}\?.*code=`.
 */
export function route(strings: TemplateStringsArray, ...paths: string[]): RegExp {
  return new RegExp(strings.raw.reduce((source, raw, i) => source + raw + (i < paths.length ? escapeRegExp(paths[i]!) : ''), ''));
}
