import { describe, expect, it } from 'vitest';
import { attackerSite } from '../../authserver/attacker/origin';
import { ENDPOINTS } from '../../authserver/paths';
import { codeReplay } from '../../flows/attacks/code-replay';
import { csrfState } from '../../flows/attacks/csrf-state';
import type { WalkthroughEnv } from '../env';
import { inspectorEntries } from '../inspector';
import { createClientRecorder, recordCheck, type ClientEvent } from '../recorder';
import type { ExchangeEvent } from '../../trace/events';
import type { StepInput, TracedEvent } from '../types';
import { attackStopped, attackSucceeded, byAttacker, toAttacker, type AttackLab } from './define';
import { codeReplayWalkthrough } from './code-replay';

const lab: AttackLab = { defence: () => 'off', attacker: attackerSite('node', 'http://localhost:4321') };

describe('an attack lesson’s walk-through', () => {
  it('sets the learner’s own lab switch to the radio’s choice before its first step runs', async () => {
    const requested: string[] = [];
    const posted: { url: string; body: string }[] = [];
    const env = {
      origin: 'http://localhost:4321',
      recorder: createClientRecorder(),
      random: (bytes: Uint8Array) => bytes,
      fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
        requested.push(String(url));
        if (String(url) === ENDPOINTS.labSwitches) {
          posted.push({ url: String(url), body: String(init?.body) });
          return new Response(JSON.stringify({ 'single-use-code': 'off' }), { status: 200 });
        }
        // The first step's own requests: refuse them, so the step ends early.
        return new Response('no', { status: 503 });
      },
    } as unknown as WalkthroughEnv;
    const script = codeReplayWalkthrough.walkthrough(lab).script(env);
    const first = script[codeReplay.steps[0]!.id]!;
    await first.run({ step: codeReplay.steps[0]!, index: 0, learner: {}, trace: [], frameUrl: null, serverSeq: 0 } as StepInput).catch(() => null);
    expect(posted).toEqual([{ url: ENDPOINTS.labSwitches, body: JSON.stringify({ 'single-use-code': 'off' }) }]);
    expect(requested[0]).toBe(ENDPOINTS.labSwitches);
    expect(requested.length).toBeGreaterThan(1);
  });

  it('ends with the status texts the lesson promises', () => {
    expect(attackSucceeded('the attacker read Alice’s profile.').message).toMatch(/^Attack succeeded: /);
    expect(attackStopped(csrfState, 'refused.')).toEqual({ outcome: 'error', message: `Attack stopped by ${csrfState.attack.defence.name} (${csrfState.attack.defence.rfc}): refused.` });
  });

  it('names the Attacker and its origin in the Inspector for the attacker’s events', () => {
    const [event] = byAttacker(lab, [recordCheck(createClientRecorder(), 'code kept, not redeemed', {}, true)]);
    const [entry] = inspectorEntries([{ ...event!, stepId: 'attacker-keeps-code' } as TracedEvent], 'http://localhost:4321');
    expect(entry!.parties).toBe('Recorded by the attacker (http://127.0.0.1:4321)');
  });

  it('names the Attacker and its origin as the receiver of what the client sends to the attacker’s own server', () => {
    const sent: ClientEvent & ExchangeEvent = {
      type: 'exchange',
      seq: 1,
      at: 0,
      server: 'authserver',
      channel: 'back',
      request: { method: 'POST', url: 'http://127.0.0.1:4321/attacker-as/oauth/token', headers: {} },
      response: { status: 400, headers: {} },
      recordedBy: 'client',
    };
    const [entry] = inspectorEntries(toAttacker(lab, [sent]).map((event) => ({ ...event, stepId: 'token-request-to-attacker' }) as TracedEvent), 'http://localhost:4321');
    expect(entry!.parties).toBe('Client app (back channel) → Attacker (http://127.0.0.1:4321)');
  });

  it('says so in the Inspector when the attacker’s pages share the lab’s origin (the static site)', () => {
    const onStatic: AttackLab = { defence: () => 'off', attacker: attackerSite('browser', 'http://localhost:8080', '/oauth-lab') };
    const [event] = byAttacker(onStatic, [recordCheck(createClientRecorder(), 'code kept, not redeemed', {}, true)]);
    const [entry] = inspectorEntries([{ ...event!, stepId: 'attacker-keeps-code' } as TracedEvent], 'http://localhost:8080');
    expect(entry!.parties).toBe('Recorded by the attacker (http://localhost:8080/oauth-lab/attacker-site, on this site’s origin)');
  });
});
