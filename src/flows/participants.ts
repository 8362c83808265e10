import type { Participant } from './types.ts';

/**
 * The participants most flows share, written once so that every diagram names them the same
 * way. A flow whose participant plays the same role under another name (the native app's
 * "System browser") spreads one of these and overrides the label.
 */

export const user = { id: 'User', label: 'User', kind: 'person' } as const satisfies Participant;

export const browser = { id: 'Browser', label: 'Browser', kind: 'browser' } as const satisfies Participant;

/** The confidential web app of the authorization code, refresh and revocation flows. */
export const clientApp = { id: 'Client', label: 'Client app', kind: 'client' } as const satisfies Participant;

export const authorizationServer = {
  id: 'AS',
  label: 'Authorization server',
  kind: 'authserver',
} as const satisfies Participant;

export const resourceServer = { id: 'RS', label: 'Resource server', kind: 'resource' } as const satisfies Participant;
