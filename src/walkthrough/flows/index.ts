import type { FlowDefinition } from '../../flows/types';
import type { Walkthrough } from '../define';
import { authorizationCodeWalkthrough } from './authorization-code';
import { clientCredentialsWalkthrough } from './client-credentials';
import { deviceCodeWalkthrough } from './device-code';
import { implicitWalkthrough } from './implicit';
import { nativeAppWalkthrough } from './native-app';
import { pkceWalkthrough } from './pkce';
import { refreshTokenWalkthrough } from './refresh-token';
import { revocationWalkthrough } from './revocation';

/** Every live walk-through, each declared with the flow definition it plays. */
export const walkthroughs: readonly Walkthrough[] = [
  authorizationCodeWalkthrough,
  pkceWalkthrough,
  nativeAppWalkthrough,
  refreshTokenWalkthrough,
  deviceCodeWalkthrough,
  clientCredentialsWalkthrough,
  revocationWalkthrough,
  implicitWalkthrough,
];

/** The walk-through of a flow definition (undefined for a flow that has none yet; a unit test proves every flow has one). */
export function walkthroughOf(flow: FlowDefinition): Walkthrough | undefined {
  return walkthroughs.find((walkthrough) => walkthrough.flow === flow);
}
