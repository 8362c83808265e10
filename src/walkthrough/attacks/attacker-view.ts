import type { AttackerSite } from '../../authserver/attacker/origin';
import type { LearnerData } from '../types';

/**
 * What the Attacker panel shows: what the attacker sees and holds so far (their own account, a stolen or
 * planted code, a stolen token, their own API call with it, whose account the victim's app uses). Pure, so
 * it is unit-tested; `attack-ui.ts` writes it into the panel.
 */
export interface AttackerHolding {
  term: string;
  value: string;
}

/** Long values (tokens, codes) keep their start, so the panel stays readable at 200 % zoom and on a phone. */
export function shortValue(value: string, keep = 24): string {
  return value.length > keep ? `${value.slice(0, keep)}… (${value.length} characters)` : value;
}

export function attackerHoldings(learner: LearnerData): AttackerHolding[] {
  const rows: AttackerHolding[] = [];
  if (learner.attacker_account) rows.push({ term: 'Their own account', value: learner.attacker_account });
  if (learner.leaked_referer !== undefined) rows.push({ term: 'Referer of the script’s request', value: shortValue(learner.leaked_referer || '(none)', 48) });
  if (learner.leaked_url) rows.push({ term: 'Page address sent by the script', value: shortValue(learner.leaked_url, 48) });
  if (learner.attacker_code) rows.push({ term: 'Authorization code', value: shortValue(learner.attacker_code) });
  if (learner.attacker_code_verifier) rows.push({ term: 'PKCE code_verifier', value: shortValue(learner.attacker_code_verifier) });
  if (learner.forged_url) rows.push({ term: 'Link planted in the victim’s browser', value: shortValue(learner.forged_url, 48) });
  if (learner.attacker_refresh_token) rows.push({ term: 'Refresh token (copied)', value: shortValue(learner.attacker_refresh_token) });
  if (learner.attacker_access_token) rows.push({ term: 'Access token', value: shortValue(learner.attacker_access_token) });
  if (learner.attacker_api_status !== undefined) {
    rows.push({ term: 'Their API call', value: `HTTP ${learner.attacker_api_status}${learner.attacker_api_response ? ` ${shortValue(learner.attacker_api_response, 48)}` : ''}` });
  }
  if (learner.signed_in_as) rows.push({ term: 'The victim’s app is signed in as', value: learner.signed_in_as });
  return rows;
}

/** What the Attacker panel says about where the attacker is: an origin of its own, or a path of the lab's. */
export function attackerSiteNote(site: AttackerSite): string {
  if (!site.sharesLabOrigin) return `The attacker’s pages and server are at ${site.root}: an origin of their own, so to the browser another site.`;
  return `The attacker’s pages and server are at ${site.root}/. On this copy of the site they share its origin; the Node server, run on your own machine, gives them one of their own.`;
}

/**
 * What the static site says in place of the walk-through of a lesson that declares `needsSecondOrigin`,
 * after the lesson's own reason and before its link to running the Node server.
 */
export const ONE_ORIGIN_ONLY =
  'On this copy of the site the lab server runs in a Service Worker, which answers this one origin only, so the attacker would share the lab’s origin and the lesson would show nothing true.';
