import type { FlowDefinition } from './types.ts';
import { authorizationCode } from './authorization-code.ts';
import { pkce } from './pkce.ts';
import { nativeApp } from './native-app.ts';
import { refreshToken } from './refresh-token.ts';
import { deviceCode } from './device-code.ts';
import { clientCredentials } from './client-credentials.ts';
import { revocation } from './revocation.ts';
import { implicit } from './implicit.ts';
import { openidConnect } from './openid-connect.ts';
import { par } from './par.ts';
import { dpop } from './dpop.ts';
import { mcpAuthorization } from './mcp-authorization.ts';

// Imports carry their `.ts` extension so that `scripts/render-diagrams.mjs` can load the
// flows with plain Node (type stripping), without a bundler.

/** Every flow the site teaches, in reading order. Add a flow here and it gets a page, a diagram and a walk-through. */
export const flows: readonly FlowDefinition[] = [
  authorizationCode,
  pkce,
  nativeApp,
  refreshToken,
  deviceCode,
  clientCredentials,
  revocation,
  openidConnect,
  par,
  dpop,
  mcpAuthorization,
  implicit,
];

export function getFlow(slug: string): FlowDefinition {
  const flow = flows.find((f) => f.slug === slug);
  if (!flow) throw new Error(`Unknown flow "${slug}". Known: ${flows.map((f) => f.slug).join(', ')}`);
  return flow;
}

export type { FlowDefinition, FlowStep, Participant, StepKind } from './types.ts';
