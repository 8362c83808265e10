import { authorizationServer, resourceServer } from '../participants.ts';
import type { FlowStep } from '../types.ts';
import { attacker } from './participants.ts';

/**
 * Steps the attack lessons share, written once (like `../common-steps.ts` for the flows): how an
 * attacker who ends up with a token gets it and uses it. A lesson passes only what it words for
 * itself; keys are in the order of a hand-written step, so its data and diagram stay the same.
 */

/**
 * The authorization server answers the attacker's token request with tokens. The id is the lesson's
 * (it names the step in the lesson's own terms). @see RFC 6749 §5.1
 */
export function attackerGetsTokens<const Id extends string = 'attacker-gets-tokens'>({
  id = 'attacker-gets-tokens' as Id,
  teaches,
}: {
  id?: Id;
  teaches: string;
}): FlowStep<Id> {
  return {
    id,
    from: authorizationServer.id,
    to: attacker.id,
    kind: 'response',
    label: '200 { access_token } for the attacker',
    teaches,
    rfc: 'RFC 6749 §5.1',
    channel: 'back',
  };
}

/**
 * The attacker calls the API with the token they hold, and the API answers with the victim's data:
 * the end of a successful attack. `teaches` words the request for the lesson (whose token it is),
 * `held` says how the attacker came by it (shown in the label), `answer` words the API's answer.
 * @see RFC 6750 §2.1, §3
 */
export function attackerCallsApi({
  teaches,
  held = 'stolen',
  answer = 'The API answers the attacker with the victim’s data.',
}: {
  teaches: string;
  held?: string;
  answer?: string;
}): readonly [FlowStep<'attacker-api-request'>, FlowStep<'attacker-api-response'>] {
  return [
    {
      id: 'attacker-api-request',
      from: attacker.id,
      to: resourceServer.id,
      kind: 'request',
      label: `GET /api/me, Authorization: Bearer (${held})`,
      teaches,
      rfc: 'RFC 6750 §2.1',
      channel: 'back',
    },
    {
      id: 'attacker-api-response',
      from: resourceServer.id,
      to: attacker.id,
      kind: 'response',
      label: '200 { "name": "Alice" … }',
      teaches: answer,
      rfc: 'RFC 6750 §3',
      channel: 'back',
    },
  ];
}
