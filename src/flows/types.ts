/**
 * A flow is defined once, as plain data. The sequence diagram, the walk-through's
 * step list and the `#step-<id>` anchors the prose links to are all derived from it
 * (see `derive.ts`), so they cannot drift apart.
 */

/** Who takes part in a flow. The id is used in the diagram; the label is shown. */
export interface Participant {
  /** Short identifier, letters only, e.g. `Browser`, `AS`. Used as the Mermaid participant id. */
  id: string;
  /** Human name shown in the diagram, e.g. "Authorization server". */
  label: string;
  /** Drawn as a stick figure (`actor`) when `person`, as a box otherwise. */
  kind: 'person' | 'browser' | 'client' | 'authserver' | 'resource' | 'device';
}

/**
 * - `request`: an HTTP request (front or back channel).
 * - `redirect`: an HTTP redirect the browser follows (front channel).
 * - `response`: an HTTP response or reply.
 * - `check`: a participant verifies something on its own (state compare, PKCE hash…); drawn as a self-message.
 * - `user`: a person acts (logs in, approves, types a code).
 */
export type StepKind = 'request' | 'redirect' | 'response' | 'check' | 'user';

export interface FlowStep {
  /** Stable kebab-case id, used in URLs as `#step-<id>`. Never rename one that has shipped. */
  id: string;
  /** Participant id that sends (or, for a check, performs) this step. */
  from: string;
  /** Participant id that receives it. Equal to `from` for a check. */
  to: string;
  kind: StepKind;
  /** Short label on the diagram arrow, e.g. "POST /oauth/token". */
  label: string;
  /** One sentence: what this step teaches. Shown in the walk-through. */
  teaches: string;
  /** The rule's source, e.g. "RFC 6749 §4.1.1". */
  rfc?: string;
  /** Whether the step travels through the user's browser (front) or directly between servers (back). */
  channel?: 'front' | 'back';

  // Facts the compare page tabulates (src/compare/): optional, set on the steps where they hold.
  /** The protocol parameters this step carries, by wire name; `name=value` where the flow fixes the value (`response_type=code`). */
  parameters?: readonly string[];
  /**
   * Who proves who they are in this step: `user` when the user signs in at the authorization server;
   * otherwise the client, by its token_endpoint_auth_method (RFC 7591 §2): `client_secret_basic`, or `none` for a public client.
   */
  authenticates?: 'user' | 'client_secret_basic' | 'none';
}

export interface FlowDefinition {
  /** URL slug: the page lives at `/flows/<slug>/`. */
  slug: string;
  /** Title, e.g. "Authorization Code". */
  title: string;
  participants: readonly Participant[];
  steps: readonly FlowStep[];
  /** Set on a flow kept only as a lesson: its walk-through is marked "Legacy — do not use" and points to `useInstead` (a flow slug). */
  legacy?: { useInstead: string };
}
