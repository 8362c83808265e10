/**
 * A learner's frame ticket: what identifies the learner on the authorization endpoint when the browser
 * sends no cookie, because the page is framed by another site (the clickjacking lesson frames the
 * consent page from the attacker's loopback name, and `SameSite=Lax` keeps the learner cookie out of
 * a cross-site frame). The lab page asks for one (with its cookie), and the attacker's decoy frames
 * the consent page with it in the URL; the consent form's action carries it on to the POST.
 * A ticket is 128 random bits, lives 10 minutes, and opens its learner's namespace on the
 * authorization endpoint only, never for a request that carries a learner cookie. It is single use:
 * the consent form's POST spends it (atomically, so two posts cannot both use it), and nothing opens
 * with it afterwards.
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

export async function issueFrameTicket(store: Store, namespace: string): Promise<string> {
  if (namespace === PUBLIC_NAMESPACE) throw new TypeError('the public namespace has no frame tickets');
  const ticket = base64url(randomBytes(16));
  await store.set(TICKETS_NAMESPACE, ticket, namespace, FRAME_TICKET_TTL_SECONDS);
  return ticket;
}

const spentKey = (ticket: string) => `spent:${ticket}`;

/**
 * The namespace a request's frame ticket opens, if it carries a live, unspent one of a learner the
 * server still knows. `spend` (the consent form's POST) uses the ticket up.
 */
export async function frameTicketNamespace(store: Store, url: URL, { spend }: { spend: boolean }): Promise<string | undefined> {
  const ticket = frameTicketOf(url);
  if (ticket === undefined) return undefined;
  const namespace = await store.get<string>(TICKETS_NAMESPACE, ticket);
  if (namespace === undefined || !(await isIssuedNamespace(store, namespace))) return undefined;
  const unspent = spend
    ? await store.setIfAbsent(TICKETS_NAMESPACE, spentKey(ticket), true, FRAME_TICKET_TTL_SECONDS)
    : (await store.get<boolean>(TICKETS_NAMESPACE, spentKey(ticket))) === undefined;
  return unspent ? namespace : undefined;
}

/** The ticket in a URL, if well formed (for carrying it on to the consent form's action). */
export function frameTicketOf(url: URL): string | undefined {
  const tickets = url.searchParams.getAll(FRAME_TICKET_PARAMETER);
  return tickets.length === 1 && TICKET.test(tickets[0]!) ? tickets[0] : undefined;
}
