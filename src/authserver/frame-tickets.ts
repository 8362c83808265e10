/**
 * A learner's frame ticket: what identifies the learner on the authorization endpoint when the browser
 * sends no cookie, because the page is framed by another site (the clickjacking lesson frames the
 * consent page from the attacker's loopback name, and `SameSite=Lax` keeps the learner cookie out of
 * a cross-site frame). The lab page asks for one (with its cookie), and the attacker's decoy frames
 * the consent page with it in the URL; the consent form's action carries it on to the POST.
 * A ticket is 128 random bits, lives 10 minutes, and opens its learner's namespace on the
 * authorization endpoint only, never for a request that carries a learner cookie.
 */
import { randomBytes } from 'node:crypto';
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
  const ticket = randomBytes(16).toString('base64url');
  await store.set(TICKETS_NAMESPACE, ticket, namespace, FRAME_TICKET_TTL_SECONDS);
  return ticket;
}

/** The namespace a request's frame ticket opens, if it carries a live one of a learner the server still knows. */
export async function frameTicketNamespace(store: Store, url: URL): Promise<string | undefined> {
  const ticket = frameTicketOf(url);
  const namespace = ticket === undefined ? undefined : await store.get<string>(TICKETS_NAMESPACE, ticket);
  return namespace !== undefined && (await isIssuedNamespace(store, namespace)) ? namespace : undefined;
}

/** The ticket in a URL, if well formed (for carrying it on to the consent form's action). */
export function frameTicketOf(url: URL): string | undefined {
  const tickets = url.searchParams.getAll(FRAME_TICKET_PARAMETER);
  return tickets.length === 1 && TICKET.test(tickets[0]!) ? tickets[0] : undefined;
}
