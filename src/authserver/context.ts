/**
 * Everything one request needs: who the learner is, their clock, the store,
 * the signing keys, and a buffer for the checks it makes (recorded to the trace
 * after the exchange itself).
 */
import type { CheckEvent } from '../trace/events';
import type { ServerRequest } from './http';
import type { SigningKeys } from './keys';
import type { RandomSource } from './seeded-random';
import type { Store } from './store/types';
import { keepsTrace, truncateValues } from './trace';

export const LEARNER_COOKIE = 'osl_learner';
export const LEARNER_ID = /^[A-Za-z0-9_-]{8,64}$/;
export const PUBLIC_NAMESPACE = 'public';

export interface CheckInput {
  /** Reads as the first words of an Inspector entry, e.g. "redirect_uri matches". */
  name: string;
  rfc: string;
  inputs: Record<string, unknown>;
  pass: boolean;
  detail: string;
  actor?: CheckEvent['actor'];
}

export interface ServerLimits {
  maxBodyBytes: number;
  codeLifetimeSeconds: number;
  accessTokenLifetimeSeconds: number;
  refreshTokenLifetimeSeconds: number;
  deviceCodeLifetimeSeconds: number;
  devicePollIntervalSeconds: number;
  /** How long the anti-CSRF token of a consent or device form stays usable. @see RFC 6749 §10.12 */
  formTokenLifetimeSeconds: number;
  /** Failed sign-ins for one valid user code before its device code is used up. @see RFC 8628 §5.1 */
  userCodeAttemptsPerDeviceCode: number;
  /** Wrong user codes one learner may enter per window, on the learner's clock. @see RFC 8628 §5.1 */
  userCodeAttemptsPerLearner: number;
  userCodeAttemptWindowSeconds: number;
  /** How long a pushed request's request_uri stays usable. @see RFC 9126 §2.2 */
  pushedRequestLifetimeSeconds: number;
}

export interface RequestContext {
  readonly request: ServerRequest;
  readonly url: URL;
  /** The issuer identifier: the configured origin the request was addressed to, never its Host header. @see RFC 8414 §2 */
  readonly issuer: string;
  /** The path the server is mounted under: `''` at the root, e.g. `/oauth-lab` on a sub-path; it ends the issuer. */
  readonly basePath: string;
  /** Where the site's own pages live (origin and base): the client pages registered as paths resolve against it. */
  readonly sitePagesBase: string;
  /** `public` or `learner:<id>`. */
  readonly namespace: string;
  /** The cookies the request carries: its `Cookie` header, or the cookie jar's where there is one (the Service Worker). */
  readonly cookieHeader: string | null;
  /**
   * Gives the browser a new learner id with this answer (the lab reset's), in place of any the dispatch
   * would set: as `Set-Cookie`, and into the cookie jar where there is one (a worker cannot send the header).
   */
  readonly renewLearnerCookie: (setCookie: string) => void;
  /** Request body text for POSTs (already size-limited). */
  readonly bodyText: string | undefined;
  readonly store: Store;
  readonly keys: SigningKeys;
  readonly limits: ServerLimits;
  /** Offset of the learner's clock, in seconds. */
  readonly offsetSeconds: number;
  /** Checks made while handling this request, recorded after the exchange. */
  readonly checks: Omit<CheckEvent, 'seq'>[];
  /** A seeded learner's random values for this request (`seeded-run.ts`); absent: the system's CSPRNG. */
  readonly random?: RandomSource;
}

/** Now on the learner's clock, epoch milliseconds. */
export function nowMs(ctx: RequestContext): number {
  return Date.now() + ctx.offsetSeconds * 1000;
}

/** Now on the learner's clock, epoch seconds (the unit of `exp` and `iat`). */
export function nowSeconds(ctx: RequestContext): number {
  return Math.floor(nowMs(ctx) / 1000);
}

/**
 * Records a check and returns its verdict, so callers write `if (!record(ctx, …)) throw …`. A
 * namespace that keeps no trace (`public`) records nothing: no one could read it.
 */
export function recordCheck(ctx: RequestContext, check: CheckInput): boolean {
  if (!keepsTrace(ctx.namespace)) return check.pass;
  ctx.checks.push({
    type: 'check',
    at: nowMs(ctx),
    actor: check.actor ?? 'authserver',
    name: check.name,
    // Inputs echo the request, so they are cut like bodies: the trace stays small whatever is sent.
    inputs: truncateValues(check.inputs),
    verdict: check.pass ? 'pass' : 'fail',
    detail: check.detail,
    rfc: check.rfc,
  });
  return check.pass;
}
