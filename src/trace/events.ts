/**
 * What the Inspector shows: every HTTP exchange of a flow (front and back channel)
 * and every check a participant makes, with its inputs and verdict.
 * The authorization server records these per learner; the walk-through records the
 * client side's own checks. Both use these types.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export interface ExchangeEvent {
  type: 'exchange';
  /** Order within the learner's trace, assigned by the recorder. */
  seq: number;
  /** Epoch milliseconds on the learner's (possibly advanced) clock. */
  at: number;
  /** Who answered: the authorization server, the resource server or the client app. */
  server: 'authserver' | 'resource' | 'client';
  channel?: 'front' | 'back';
  request: RecordedRequest;
  response: RecordedResponse;
}

export interface CheckEvent {
  type: 'check';
  seq: number;
  at: number;
  /** Who made the check. */
  actor: 'authserver' | 'resource' | 'client';
  /** Short name shown first in the Inspector, e.g. "state matches", "PKCE S256 verifier". */
  name: string;
  /** What went into the check, e.g. `{ expected, received }`. Secrets are masked on screen, not here. */
  inputs: Record<string, unknown>;
  verdict: 'pass' | 'fail';
  /** One sentence on why it passed or failed. */
  detail?: string;
  /** Where the rule comes from, e.g. "RFC 7636 §4.6". */
  rfc?: string;
}

export type TraceEvent = ExchangeEvent | CheckEvent;
