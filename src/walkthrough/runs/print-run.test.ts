import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../authserver/paths';
import { authorizationCode } from '../../flows/authorization-code';
import { stepAnchor } from '../../flows/derive';
import type { TracedEvent } from '../types';
import { printRun } from './print-run';

const origin = 'http://localhost:4321';
const flow = authorizationCode;
const tokenStep = flow.steps.find((step) => step.id === 'token-request')!;
const stateStep = flow.steps.find((step) => step.id === 'check-state')!;

const trace: TracedEvent[] = [
  {
    type: 'check',
    seq: 1,
    at: 0,
    actor: 'client',
    name: 'state matches',
    inputs: { expected: 'st-123', received: 'st-123' },
    verdict: 'pass',
    detail: 'The state that came back is the one this app stored.',
    rfc: 'RFC 6749 §10.12',
    recordedBy: 'client',
    stepId: stateStep.id,
  },
  {
    type: 'exchange',
    seq: 2,
    at: 0,
    server: 'authserver',
    channel: 'back',
    recordedBy: 'client',
    stepId: tokenStep.id,
    request: { method: 'POST', url: `${origin}${ENDPOINTS.token}`, headers: { authorization: 'Basic d2ViOnNlY3JldA==' }, body: 'grant_type=authorization_code&code=c-456' },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"at-789","token_type":"Bearer"}' },
  },
];

describe('printRun', () => {
  const printed = printRun(flow, trace, flow.steps.indexOf(tokenStep) + 1, origin);

  it('lists every step of the flow with its number, label and prose anchor, run or not', () => {
    expect(printed.steps.map((step) => step.label)).toEqual(flow.steps.map((step) => step.label));
    expect(printed.steps[0]).toMatchObject({ number: 1, anchor: stepAnchor(flow.steps[0]!), ran: true });
    expect(printed.steps.at(-1)).toMatchObject({ ran: false, entries: [] });
  });

  it('prints each step’s real values, unmasked: the check’s inputs and the exchange’s request and response', () => {
    const state = printed.steps.find((step) => step.label === stateStep.label)!;
    expect(state.entries[0]!.blocks).toEqual([
      { label: 'Verdict', text: '✓ passed' },
      { label: 'Inputs', text: 'expected: st-123\nreceived: st-123' },
      { label: 'Detail', text: 'The state that came back is the one this app stored.' },
    ]);
    const token = printed.steps.find((step) => step.label === tokenStep.label)!.entries[0]!;
    expect(token.title).toBe(`POST ${ENDPOINTS.token}`);
    const text = token.blocks.map((block) => `${block.label}\n${block.text}`).join('\n');
    expect(text).toContain('authorization: Basic d2ViOnNlY3JldA==');
    expect(text).toContain('code=c-456');
    expect(text).toContain('"access_token": "at-789"');
    expect(text).not.toContain('••••');
  });
});
