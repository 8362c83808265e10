import { USERS } from '../../authserver/seed';
import type { WalkthroughEnv } from '../env';
import type { DemoCredentials } from '../frame';
import { consentFormBody, readHtmlForm } from '../html-form';
import { recordedFetch } from '../recorder';
import type { StepInput, StepResult } from '../types';
import { byAttacker, type AttackLab } from './define';

/**
 * The attacker's own browser, played with `fetch`: it opens an authorization URL, answers the server's
 * login and consent page with the attacker's own account, and stops at the redirect that carries the
 * code, the way a browser the attacker controls can. Every request is real and shows in the Inspector
 * as the Attacker's. @see RFC 6749 §4.1.1, §4.1.2
 */

/** The attacker's own account at the authorization server, from the server's seed. */
export function attackerAccount(): DemoCredentials & { name: string } {
  const account = USERS.find((user) => user.username === 'mallory');
  if (!account) throw new Error('The server’s seed has no attacker account "mallory".');
  return { username: account.username, password: account.password, name: account.name };
}

/** Opens the authorization URL; keeps the login form, filled in with the attacker's account, for the next step. */
export async function attackerOpens(env: WalkthroughEnv, lab: AttackLab, authorizationUrl: string): Promise<StepResult> {
  const account = attackerAccount();
  const { response, body, event } = await recordedFetch(
    env.fetch,
    env.recorder,
    authorizationUrl,
    { headers: { Accept: 'text/html' } },
    { server: 'authserver', channel: 'front' },
  );
  const form = response.ok ? readHtmlForm(body) : null;
  const events = byAttacker(lab, [{ ...event, response: { ...event.response, body: '(the login and consent page)' } }]);
  if (!form) return { events, outcome: 'error', message: `The authorization server did not show its login page (HTTP ${response.status}).` };
  return {
    events,
    learner: {
      attacker_account: account.username,
      attacker_form_action: new URL(form.action || authorizationUrl, authorizationUrl).href,
      attacker_form_body: consentFormBody(form, account, 'approve').toString(),
    },
  };
}

/**
 * Posts the login form and lets the redirect land: the code is in the URL the browser was sent to.
 * (The lab's callback page it lands on only displays the response; the app redeems nothing by itself.)
 */
export async function attackerApproves(env: WalkthroughEnv, input: StepInput): Promise<StepResult> {
  const action = input.learner.attacker_form_action;
  if (!action) throw new Error('The attacker has no login form: run the first step again.');
  const answer = await env.fetch(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    body: input.learner.attacker_form_body ?? '',
    credentials: 'same-origin',
    redirect: 'follow',
  });
  await answer.text();
  const landed = new URL(answer.url);
  const code = landed.searchParams.get('code');
  if (!code) return { outcome: 'error', message: `The server did not send the attacker a code (it answered ${answer.url}).` };
  return { learner: { attacker_code: code, attacker_state: landed.searchParams.get('state') ?? '' } };
}
