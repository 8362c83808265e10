import { ENDPOINTS } from '../../authserver/paths';
import { parseJsonObject } from '../client-requests';
import type { WalkthroughEnv } from '../env';

/** A frame ticket and the query parameter that carries it (`src/authserver/frame-tickets.ts`). */
export interface FrameTicket {
  parameter: string;
  ticket: string;
}

/**
 * Asks the lab, with the learner cookie, for a ticket that names this learner on the authorization
 * endpoint when the browser arrives there without the cookie: in a frame of another site, or after a
 * redirect chain through another site (`SameSite=Lax` keeps the cookie out of both). Lab plumbing, not
 * OAuth: it opens nothing but this learner's own authorization endpoint, for 10 minutes, and never
 * when a learner cookie is sent.
 */
export async function requestFrameTicket(env: WalkthroughEnv): Promise<FrameTicket> {
  const response = await env.fetch(ENDPOINTS.labFrameTicket, { method: 'POST', headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  const answer = parseJsonObject(await response.text());
  if (!response.ok || typeof answer?.ticket !== 'string' || typeof answer.parameter !== 'string') {
    throw new Error(`The lab gave no frame ticket (HTTP ${response.status}).`);
  }
  return { parameter: answer.parameter, ticket: answer.ticket };
}
