import { describe, expect, it } from 'vitest';
import { getFlow } from '../flows/index.ts';
import type { FlowDefinition } from '../flows/types.ts';
import { compareFlows, compareSteps, whereTheTokenTravels, whoAuthenticates } from './model.ts';

const flow = (slug: string, steps: FlowDefinition['steps'], participants: FlowDefinition['participants'] = PARTICIPANTS): FlowDefinition => ({
  slug,
  title: slug,
  participants,
  steps,
});
const PARTICIPANTS: FlowDefinition['participants'] = [
  { id: 'App', label: 'App', kind: 'client' },
  { id: 'AS', label: 'Server', kind: 'authserver' },
];
const step = (id: string, label: string, more: Partial<FlowDefinition['steps'][number]> = {}) =>
  ({ id, from: 'App', to: 'AS', kind: 'request', label, teaches: '', ...more }) as const;

const statuses = (steps: ReturnType<typeof compareSteps>) => Object.fromEntries(steps.map((s) => [s.id, s.status]));

describe('compareSteps (by step id and label)', () => {
  it('a step with the same id and label is shared; another label is changed; an id the other flow lacks is added', () => {
    const a = flow('a', [step('one', 'GET /x'), step('two', 'POST /token (secret)'), step('three', 'check')]);
    const b = flow('b', [step('one', 'GET /x'), step('two', 'POST /token (verifier)'), step('four', 'more')]);
    expect(compareSteps(a, b)).toEqual([
      { id: 'one', number: 1, label: 'GET /x', status: 'shared', differences: [] },
      { id: 'two', number: 2, label: 'POST /token (secret)', status: 'changed', differences: ['label'] },
      { id: 'three', number: 3, label: 'check', status: 'added', differences: [] },
    ]);
    expect(statuses(compareSteps(b, a))).toEqual({ one: 'shared', two: 'changed', four: 'added' });
  });

  it('compares who sends and receives by the participant’s kind, not its name', () => {
    const spa = [
      { id: 'SPA', label: 'Single-page app', kind: 'client' },
      { id: 'AS', label: 'Server', kind: 'authserver' },
    ] as const;
    const a = flow('a', [step('one', 'GET /x')]);
    const b = flow('b', [{ ...step('one', 'GET /x'), from: 'SPA' }], spa);
    expect(compareSteps(a, b)[0]!.status).toBe('shared');
    const reversed = flow('c', [{ ...step('one', 'GET /x'), from: 'AS', to: 'App', kind: 'response' }]);
    expect(compareSteps(a, reversed)[0]!.differences).toEqual(['kind', 'sender', 'receiver']);
  });

  it('Authorization Code vs PKCE: PKCE adds the challenge and verifier steps; the login, consent and API steps are shared', () => {
    const { stepsA, stepsB } = compareFlows(getFlow('authorization-code'), getFlow('pkce'));
    const pkce = statuses(stepsB);
    expect(stepsB.filter((s) => s.status === 'added').map((s) => s.id)).toEqual(['create-verifier', 'verify-pkce']);
    expect(pkce).toMatchObject({ 'login-and-consent': 'shared', 'user-decides': 'shared', callback: 'shared', 'check-state': 'shared' });
    expect(pkce).toMatchObject({ 'token-request': 'changed', 'authorization-request': 'changed', 'api-request': 'changed' });
    // From the other side, the code check with the client secret is what Authorization Code has and PKCE lacks.
    expect(stepsA.filter((s) => s.status === 'added').map((s) => s.id)).toEqual(['verify-code']);
    expect(stepsA.find((s) => s.id === 'api-response')!.status).toBe('changed');
  });
});

describe('the differences table', () => {
  it('lists each step whose parameters differ, marking what only one flow sends', () => {
    const { rows } = compareFlows(getFlow('authorization-code'), getFlow('pkce'));
    const row = (topic: string) => rows.find((r) => r.topic === topic)!;
    const only = (cell: { items: { text: string; onlyHere: boolean }[] }) => cell.items.filter((i) => i.onlyHere).map((i) => i.text);
    expect(rows.map((r) => r.topic)).toEqual([
      'Parameters: authorization request',
      'Parameters: token request',
      'Who authenticates',
      'Where the access token travels',
    ]);
    expect(only(row('Parameters: authorization request').b)).toEqual(['code_challenge', 'code_challenge_method=S256']);
    expect(only(row('Parameters: authorization request').a)).toEqual([]);
    expect(rows.map((r) => r.literal)).toEqual([true, true, false, false]);
    expect(only(row('Parameters: token request').b)).toEqual(['client_id', 'code_verifier']);
    // The redirect back carries the same parameters in both: no row.
    expect(rows.some((r) => r.topic === 'Parameters: redirect with code')).toBe(false);
  });

  it('who authenticates: the user in both; the client by its secret, or not at all when it is public', () => {
    const { rows } = compareFlows(getFlow('authorization-code'), getFlow('pkce'));
    const who = rows.find((r) => r.topic === 'Who authenticates')!;
    expect(who.same).toBe(false);
    expect(who.a.items).toEqual([
      { text: 'User: signs in at the authorization server', step: 4, key: 'person user', onlyHere: false },
      { text: 'Client app: client secret, HTTP Basic (RFC 6749 §2.3.1)', step: 8, key: 'client client_secret_basic', onlyHere: true },
    ]);
    expect(who.b.items.map((i) => [i.text, i.step, i.onlyHere])).toEqual([
      ['User: signs in at the authorization server', 5, false],
      ['Single-page app: no secret: a public client (RFC 6749 §2.1)', 9, true],
    ]);
    expect(whoAuthenticates(getFlow('implicit')).map((f) => f.text)).toEqual([
      'User: signs in at the authorization server',
      'The client is never authenticated',
    ]);
  });

  it('where the token travels: the back channel for a code exchange, the redirect URL for the implicit flow', () => {
    expect(whereTheTokenTravels(getFlow('authorization-code')).map((f) => [f.text, f.step])).toEqual([
      ['Issued: Authorization server → Client app, back channel', 10],
      ['Presented: Client app → Resource server, back channel', 11],
    ]);
    expect(whereTheTokenTravels(getFlow('implicit'))[0]).toMatchObject({
      text: 'Issued: Authorization server → Browser, front channel, through the browser, in the redirect URL',
      step: 6,
    });
    const { rows } = compareFlows(getFlow('implicit'), getFlow('pkce'));
    const travel = rows.find((r) => r.topic === 'Where the access token travels')!;
    expect(travel.a.items.map((i) => i.onlyHere)).toEqual([true, false]);
    expect(travel.b.items.map((i) => i.onlyHere)).toEqual([true, false]);
    expect(whereTheTokenTravels(getFlow('revocation')).map((f) => f.text)).toContain('Presented: Client app → Resource server, back channel');
  });

  it('Authorization Code vs PKCE: the token travels the same way (the apps compare by kind)', () => {
    const travel = compareFlows(getFlow('authorization-code'), getFlow('pkce')).rows.find((r) => r.topic === 'Where the access token travels')!;
    expect(travel.same).toBe(true);
  });
});
