import type { WalkthroughEnv } from '../env';
import type { FlowScript } from '../types';
import { createAuthorizationCodeScript } from './authorization-code';
import { createImplicitScript } from './implicit';
import { createNativeAppScript } from './native-app';
import { createPkceScript } from './pkce';
import { createClientCredentialsScript } from './client-credentials';
import { createDeviceCodeScript } from './device-code';
import { createRefreshTokenScript } from './refresh-token';
import { createRevocationScript } from './revocation';

/** The step effects of each flow that has a live walk-through, by flow slug. */
export const scripts: Readonly<Record<string, (env: WalkthroughEnv) => FlowScript>> = {
  'authorization-code': createAuthorizationCodeScript,
  implicit: createImplicitScript,
  'native-app': createNativeAppScript,
  pkce: createPkceScript,
  'client-credentials': createClientCredentialsScript,
  'refresh-token': createRefreshTokenScript,
  revocation: createRevocationScript,
  'device-code': createDeviceCodeScript,
};
