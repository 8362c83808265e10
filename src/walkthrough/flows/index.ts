import type { FlowDefinition } from '../../flows/types';
import type { Walkthrough } from '../define';

/** Loads one walk-through, so a page downloads only its own flow's effects. */
export type WalkthroughLoader = () => Promise<Walkthrough>;

/** Every live walk-through, by the slug of the flow definition it plays. */
const loaders: Readonly<Record<string, WalkthroughLoader>> = {
  'authorization-code': () => import('./authorization-code').then((module) => module.authorizationCodeWalkthrough),
  pkce: () => import('./pkce').then((module) => module.pkceWalkthrough),
  'native-app': () => import('./native-app').then((module) => module.nativeAppWalkthrough),
  'refresh-token': () => import('./refresh-token').then((module) => module.refreshTokenWalkthrough),
  'device-code': () => import('./device-code').then((module) => module.deviceCodeWalkthrough),
  'client-credentials': () => import('./client-credentials').then((module) => module.clientCredentialsWalkthrough),
  revocation: () => import('./revocation').then((module) => module.revocationWalkthrough),
  implicit: () => import('./implicit').then((module) => module.implicitWalkthrough),
  'openid-connect': () => import('./openid-connect').then((module) => module.openidConnectWalkthrough),
  par: () => import('./par').then((module) => module.parWalkthrough),
  dpop: () => import('./dpop').then((module) => module.dpopWalkthrough),
  'mcp-authorization': () => import('./mcp-authorization').then((module) => module.mcpAuthorizationWalkthrough),
};

/**
 * The loader of a flow's walk-through (undefined for a flow that has none yet). A unit test proves
 * every flow has one, and that it loads the walk-through declared with that very definition.
 */
export function walkthroughOf(flow: FlowDefinition): WalkthroughLoader | undefined {
  return Object.hasOwn(loaders, flow.slug) ? loaders[flow.slug] : undefined;
}
