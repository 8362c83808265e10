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
