/**
 * A learner's frame ticket: what identifies the learner on the authorization endpoint when the browser
 * sends no cookie, because the page is framed by another site (the clickjacking lesson frames the
 * consent page from the attacker's loopback name, and `SameSite=Lax` keeps the learner cookie out of
 * a cross-site frame). The lab page asks for a page ticket (with its cookie), and the attacker's decoy
 * frames the consent page with it in the URL. A page ticket opens only GETs (showing the page, which
 * grants nothing), so the walk-through may reload it; each consent page it opens gets a post ticket of
 * its own in the form's action, which opens that form's POST once: the POST spends it atomically, so
 * two posts cannot both use it.
 * A ticket is 128 random bits, lives 10 minutes, and opens its learner's namespace on the
 * authorization endpoint only, never for a request that carries a learner cookie.
 */
import { base64url, randomBytes } from './crypto';
import { PUBLIC_NAMESPACE } from './context';
import { isIssuedNamespace } from './learners';
import type { Store } from './store/types';

/** The query parameter that carries the ticket. */
export const FRAME_TICKET_PARAMETER = 'osl_frame_ticket';
export const FRAME_TICKET_TTL_SECONDS = 600;
const TICKETS_NAMESPACE = 'frame-tickets';
const TICKET = /^[A-Za-z0-9_-]{22}$/;

/** `page`: opens GETs of the framed page, for its life. `post`: opens one POST of the form it was issued into. */
export type FrameTicketUse = 'page' | 'post';

interface StoredTicket {
  namespace: string;
  use: FrameTicketUse;
}

export async function issueFrameTicket(store: Store, namespace: string, use: FrameTicketUse): Promise<string> {
  if (namespace === PUBLIC_NAMESPACE) throw new TypeError('the public namespace has no frame tickets');
  const ticket = base64url(randomBytes(16));
  await store.set<StoredTicket>(TICKETS_NAMESPACE, ticket, { namespace, use }, FRAME_TICKET_TTL_SECONDS);
  return ticket;
}

/**
 * The namespace a request's frame ticket opens, if it carries a live one of a learner the server still
 * knows, made for this method: a page ticket for a GET, an unspent post ticket for a POST (which spends it).
 */
export async function frameTicketNamespace(store: Store, url: URL, method: string): Promise<string | undefined> {
  const ticket = frameTicketOf(url);
  const stored = ticket === undefined ? undefined : await store.get<StoredTicket>(TICKETS_NAMESPACE, ticket);
  if (!stored || !(await isIssuedNamespace(store, stored.namespace))) return undefined;
  if (method === 'POST') {
    const unspent = stored.use === 'post' && (await store.setIfAbsent(TICKETS_NAMESPACE, `spent:${ticket}`, true, FRAME_TICKET_TTL_SECONDS));
    return unspent ? stored.namespace : undefined;
  }
  return stored.use === 'page' ? stored.namespace : undefined;
}

/** The ticket in a URL, if well formed (a framed consent page gets a post ticket only when it came with one). */
export function frameTicketOf(url: URL): string | undefined {
  const tickets = url.searchParams.getAll(FRAME_TICKET_PARAMETER);
  return tickets.length === 1 && TICKET.test(tickets[0]!) ? tickets[0] : undefined;
}
