/**
 * Learner ids are issued by the server, never chosen by the browser: a learner's namespace holds
 * their codes, tokens, clock and trace, so an id someone made up (or an old one the server forgot)
 * must not open a namespace. The server keeps a small record per issued id in the store, with a TTL
 * refreshed on every use. A record, not an HMAC of the id: it works unchanged when several instances
 * share one store (Redis), needs no secret to configure and rotate, and a reset can revoke an id.
 */
import { base64url, randomBytes } from './crypto';
import { LEARNER_COOKIE, LEARNER_ID, PUBLIC_NAMESPACE } from './context';
import { parseCookies } from './http';
import type { Store } from './store/types';

/** How long an issued id lives without being used. */
export const LEARNER_TTL_SECONDS = 24 * 3600;
const ISSUED_KEY = 'learner';

export interface Learner {
  /** `public` or `learner:<id>`. */
  namespace: string;
  /** The learner id, unless the namespace is the public one. */
  id?: string;
  /** The `Set-Cookie` value when the server has just issued this id. */
  setCookie?: string;
  /** The seed of a seeded run (`seeded-run.ts`), chosen when the id was issued. */
  seed?: string;
}

/** What the server keeps per issued id. */
interface IssuedRecord {
  issued: true;
  seed?: string;
}

/** A new id: 128 random bits, base64url (22 characters). @see RFC 6749 §10.10 */
export function newLearnerId(): string {
  return base64url(randomBytes(16));
}

export function learnerNamespace(id: string): string {
  return `learner:${id}`;
}

/**
 * The cookie that carries the id. `Path=/` so every page and endpoint sees it; `SameSite=Lax` so it
 * travels on the top-level redirects back from the consent page but not on cross-site subrequests;
 * `Secure` whenever the site is served over https.
 * Not `HttpOnly`: the Inspector's copy-as-curl puts the learner's cookie in the command so a pasted
 * request lands in the same namespace, and HttpOnly would protect nothing here, because any script on
 * the page could read the learner's trace through the lab endpoints anyway.
 */
export function learnerSetCookie(id: string, issuer: string): string {
  return `${LEARNER_COOKIE}=${id}; Path=/; SameSite=Lax${issuer.startsWith('https:') ? '; Secure' : ''}`;
}

/** Issues a fresh id and records it; with a `seed`, the new namespace draws its random values from it. */
export async function issueLearner(store: Store, issuer: string, seed?: string): Promise<Learner & { setCookie: string }> {
  const id = newLearnerId();
  const namespace = learnerNamespace(id);
  await store.set<IssuedRecord>(namespace, ISSUED_KEY, seed === undefined ? { issued: true } : { issued: true, seed }, LEARNER_TTL_SECONDS);
  return { namespace, id, setCookie: learnerSetCookie(id, issuer), ...(seed === undefined ? {} : { seed }) };
}

/** Forgets an issued id, so its cookie no longer opens the namespace. */
export async function revokeLearner(store: Store, namespace: string): Promise<void> {
  if (namespace !== PUBLIC_NAMESPACE) await store.delete(namespace, ISSUED_KEY);
}

/** Whether the namespace belongs to an id the server issued and still knows. */
export async function isIssuedNamespace(store: Store, namespace: string): Promise<boolean> {
  return namespace !== PUBLIC_NAMESPACE && (await store.get(namespace, ISSUED_KEY)) !== undefined;
}

/** Whether the request carries a learner cookie at all (issued or not). */
export function hasLearnerCookie(cookieHeader: string | null): boolean {
  return parseCookies(cookieHeader).has(LEARNER_COOKIE);
}

export interface LearnerOptions {
  /** Issue an id to a request that has none (lab endpoints and lab pages); otherwise it stays public. */
  issueToNewcomers: boolean;
}

/**
 * The learner a request belongs to. An id the server issued selects its namespace (and refreshes its
 * TTL); an id it did not issue, or no longer knows, starts a new namespace with a fresh id; no cookie
 * at all is the shared public namespace (curl, client libraries) unless `issueToNewcomers`.
 */
export async function resolveLearner(store: Store, cookieHeader: string | null, issuer: string, options: LearnerOptions): Promise<Learner> {
  const id = parseCookies(cookieHeader).get(LEARNER_COOKIE);
  if (id === undefined && !options.issueToNewcomers) return { namespace: PUBLIC_NAMESPACE };
  if (id !== undefined && LEARNER_ID.test(id)) {
    const namespace = learnerNamespace(id);
    const record = await store.get<IssuedRecord>(namespace, ISSUED_KEY);
    if (record !== undefined) {
      await store.set<IssuedRecord>(namespace, ISSUED_KEY, record, LEARNER_TTL_SECONDS);
      return { namespace, id, ...(record.seed === undefined ? {} : { seed: record.seed }) };
    }
  }
  return issueLearner(store, issuer);
}
