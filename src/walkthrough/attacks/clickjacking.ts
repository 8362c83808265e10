import { FRAME_TICKET_PARAMETER } from '../../authserver/frame-tickets';
import { ATTACKER_PAGES, ENDPOINTS } from '../../authserver/paths';
import { clickjacking } from '../../flows/attacks/clickjacking';
import { authorizationResponseOf, isRedirectTo, publicTokenRequest } from '../browser-flow';
import { demoClient, demoUser } from '../demo';
import { pullNewServerEvents } from '../env';
import { randomToken } from '../learner';
import { createCodeVerifier, s256CodeChallenge } from '../pkce';
import { recordCheck } from '../recorder';
import type { Decision } from '../types';
import { attackStopped, byAttacker, defineAttackWalkthrough } from './define';
import { attackerApiRequestStep, attackerApiResponseStep, attackerHoldsTokensStep, attackerTokenAnswer } from './victim-and-attacker';

/**
 * Clickjacking: the attacker's decoy page (on the attacker's origin) frames the lab's consent page for
 * the attacker's own app, `prize-draw`, invisibly over its prize button. The learner's click on the decoy
 * in the browser frame is the victim's. With the learner's `consent-frame-ancestors` lab switch on, the
 * browser refuses to render the consent page there. @see RFC 6749 §10.13; RFC 9700 §4.16
 */

const prizeDraw = { client_id: demoClient('prize-draw').client_id, scope: 'profile photos.read' } as const;

export const clickjackingWalkthrough = defineAttackWalkthrough(clickjacking, (env, lab) => {
  const catchPage = `${lab.attacker.root}${ATTACKER_PAGES.catch}`;
  const isCatchPage = isRedirectTo(catchPage);

  /**
   * The click on the hidden page, for the learner who pressed Next (or Approve) instead of the prize
   * button. It signs in first when the page lost what the previous step typed (Previous step reloads it).
   */
  async function clickHidden(decision: Decision): Promise<string> {
    const form = env.frame.framedForm?.();
    if (!form) throw new Error('The consent page is not in the attacker’s frame: run the previous step again.');
    form.signIn(demoUser);
    return form.click(decision);
  }

  return {
    'attacker-builds-link': {
      async run() {
        if (lab.attacker.sharesLabOrigin) throw new Error('This lesson needs the attacker’s origin, the other loopback name: run the Node server without PUBLIC_ORIGIN and open it on localhost.');
        const pair = await s256CodeChallenge(createCodeVerifier(env.random));
        const url = new URL(`${env.origin}${ENDPOINTS.authorize}`);
        const parameters = {
          response_type: 'code',
          client_id: prizeDraw.client_id,
          redirect_uri: catchPage,
          scope: prizeDraw.scope,
          state: randomToken(16, env.random),
          code_challenge: pair.code_challenge,
          code_challenge_method: pair.code_challenge_method,
        };
        for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
        const built = recordCheck(env.recorder, 'authorization URL built', { authorization_url: url.href, ...parameters, code_verifier: pair.code_verifier }, true, {
          detail: `A real request for the attacker’s own app, ${prizeDraw.client_id}, registered with the attacker’s page as its redirect_uri; the verifier stays with the attacker.`,
          rfc: 'RFC 6749 §4.1.1',
        });
        return { events: byAttacker(lab, [built]), learner: { authorization_url: url.href, redirect_uri: catchPage, code_verifier: pair.code_verifier } };
      },
    },

    'decoy-page': {
      async run(input) {
        // The lab's stand-in for the learner cookie, which the browser keeps out of a frame under another site.
        const response = await env.fetch(ENDPOINTS.labFrameTicket, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: '{}', credentials: 'same-origin' });
        if (!response.ok) throw new Error(`The server gave no frame ticket (HTTP ${response.status}).`);
        const { ticket, expires_in } = (await response.json()) as { ticket: string; expires_in: number };
        const target = new URL(input.learner.authorization_url ?? '');
        target.searchParams.set(FRAME_TICKET_PARAMETER, ticket);
        const decoy = `${lab.attacker.root}${ATTACKER_PAGES.decoy}?${new URLSearchParams({ target: target.href })}`;
        const landed = await env.frame.navigate(decoy);
        const ticketed = recordCheck(env.recorder, 'lab frame ticket', { [FRAME_TICKET_PARAMETER]: ticket, expires_in }, true, {
          detail:
            'Not part of the attack: the browser sends no SameSite=Lax learner cookie to a page framed by another site, so the decoy frames the consent page with this ticket, which names your learner namespace on the authorization endpoint for 10 minutes; each consent page it opens may post its form once.',
        });
        return { frameUrl: landed, events: [ticketed], learner: { forged_url: decoy } };
      },
    },

    // The defence: the framing policy the consent page was sent with, which the browser enforces.
    'framed-consent': {
      async run(input) {
        const pulled = await pullNewServerEvents(env, input);
        const result = { events: pulled.events, serverSeq: pulled.serverSeq };
        const refused = pulled.events.some((event) => event.type === 'check' && event.name === clickjacking.attack.defence.check && event.verdict === 'fail');
        const form = env.frame.framedForm?.();
        if (refused || !form) {
          if (!refused) return { ...result, outcome: 'error', message: 'The consent page did not render inside the attacker’s page.' };
          return { ...result, ...attackStopped(clickjacking, 'the browser refused to render the consent page inside the attacker’s page, so a click on the prize button lands on nothing.') };
        }
        form.signIn(demoUser);
        const signedIn = recordCheck(env.recorder, 'victim already signed in', { username: demoUser.username }, true, {
          detail:
            'This lab’s server keeps no sign-in session, so the walk-through types the victim’s demo password into the hidden page. A real authorization server that remembers its user shows only “Approve”, and one click is all the attack needs.',
          rfc: 'RFC 6749 §10.13',
        });
        return { ...result, events: [...result.events, signedIn] };
      },
    },

    'victim-clicks': {
      isAnswer: isCatchPage,
      async run(input) {
        const current = env.frame.currentUrl();
        const landed = current && isCatchPage(current) ? current : await clickHidden(input.decision ?? 'approve');
        const pulled = await pullNewServerEvents(env, input);
        const result = { frameUrl: landed, events: pulled.events, serverSeq: pulled.serverSeq };
        if (!isCatchPage(landed)) return { ...result, outcome: 'error', message: `The click did not send the browser to the attacker’s page (it is at ${landed}).` };
        return { ...result, learner: { decision: authorizationResponseOf(landed).error ? 'deny' : 'approve' } };
      },
    },

    'code-to-attacker': {
      async run(input) {
        const url = env.frame.currentUrl() ?? input.frameUrl ?? '';
        const received = authorizationResponseOf(url);
        const caught = recordCheck(env.recorder, 'code caught on the attacker’s page', { url, code: received.code ?? '(none)' }, Boolean(received.code), {
          detail: 'The victim’s browser delivered the code to the attacker’s app’s registered redirect_uri, on the attacker’s origin.',
          rfc: 'RFC 6749 §4.1.2',
        });
        const events = byAttacker(lab, [caught]);
        if (!received.code) return { events, outcome: 'error', message: `No code reached the attacker’s page${received.error ? ` (error=${received.error})` : ''}.` };
        return { events, learner: { attacker_code: received.code } };
      },
    },

    'attacker-token-request': {
      async run(input) {
        const { response, body, event } = await publicTokenRequest(env, {
          client_id: prizeDraw.client_id,
          code: input.learner.attacker_code ?? '',
          redirect_uri: catchPage,
          code_verifier: input.learner.code_verifier ?? '',
        });
        const pulled = await pullNewServerEvents(env, input, [event]);
        const learner = attackerTokenAnswer(response, body);
        const result = { events: [...byAttacker(lab, [event]), ...pulled.events], serverSeq: pulled.serverSeq, learner };
        if (!response.ok) return { ...result, outcome: 'error', message: `The token endpoint refused the attacker: ${learner.token_error_text ?? response.status}.` };
        return result;
      },
    },

    'attacker-gets-tokens': attackerHoldsTokensStep(env, lab, 'An access token for the victim’s account, issued to the attacker’s app.'),

    'attacker-api-request': attackerApiRequestStep(env, lab),
    'attacker-api-response': attackerApiResponseStep(env, clickjacking, 'with a consent the victim gave by clicking a decoy'),
  };
});
