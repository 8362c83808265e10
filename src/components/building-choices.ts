/**
 * "What are you building?" on the home page: each kind of app and the flow it should use.
 * @see RFC 9700 §2.1 (authorization code with PKCE for all clients), RFC 8252 (native apps),
 *      RFC 8628 (devices), RFC 6749 §4.4 (client credentials), OpenID Connect Core 1.0 (sign-in),
 *      MCP Authorization 2025-11-25 (agents and MCP clients)
 */
export interface BuildingChoice {
  /** Stable id, used for the radio button value. */
  id: string;
  /** What the reader is building, as they would say it. */
  label: string;
  /** Candidate flow slugs, best first; the first one that has a page is recommended. */
  flows: readonly string[];
}

export const buildingChoices: readonly BuildingChoice[] = [
  {
    id: 'web-server',
    label: 'A web app with its own server, which can keep a secret',
    flows: ['authorization-code'],
  },
  {
    id: 'single-page',
    label: 'A single-page app that runs entirely in the browser',
    flows: ['pkce'],
  },
  {
    id: 'native',
    label: 'A mobile or desktop app',
    flows: ['native-app', 'pkce'],
  },
  {
    id: 'device',
    label: 'An app on a TV, console or device without a keyboard',
    flows: ['device-code'],
  },
  {
    id: 'service',
    label: 'A backend service or script that acts on its own, with no user',
    flows: ['client-credentials'],
  },
  {
    id: 'sign-in',
    label: 'Sign users in',
    flows: ['openid-connect'],
  },
  {
    id: 'ai-agent',
    label: 'An AI agent or MCP client',
    flows: ['mcp-authorization'],
  },
  {
    id: 'stay-signed-in',
    label: 'Keeping a user signed in after the access token expires',
    flows: ['refresh-token'],
  },
  {
    id: 'sign-out',
    label: 'Signing a user out, or letting them disconnect your app',
    flows: ['revocation'],
  },
];

export interface Recommendation<F> {
  choice: BuildingChoice;
  flow: F;
}

/** Pairs each choice with the first of its flows that exists; choices with none are left out. */
export function recommend<F extends { slug: string }>(
  choices: readonly BuildingChoice[],
  available: readonly F[],
): Recommendation<F>[] {
  return choices.flatMap((choice) => {
    const flow = choice.flows.map((slug) => available.find((f) => f.slug === slug)).find((f) => f !== undefined);
    return flow ? [{ choice, flow }] : [];
  });
}
