import { describe, expect, it } from 'vitest';
import { revocation } from '../../flows/revocation';
import { checkNamed, exchanges, startWalkthrough } from '../testing/learner-site';
import { createRevocationScript } from './revocation';

/** The revocation and introspection effects against the real toy authorization server. */
describe('Revocation walk-through against the toy server', () => {
  it('introspection says active, the refresh token is revoked, then introspection, the API and the token endpoint refuse the grant', async () => {
    const run = startWalkthrough(revocation, createRevocationScript);
    let context = await run.next(1);
    const [before] = exchanges(context.trace, 'POST', '/oauth/introspect');
    expect(before!.request.headers.authorization).toBe(`Basic ${btoa('web-app:web-app-secret')}`);
    expect(JSON.parse(before!.response.body!)).toMatchObject({ active: true, client_id: 'web-app' });
    expect(checkNamed(context.trace, 'tokens active')[0]).toMatchObject({ verdict: 'pass' });

    context = await run.next(3);
    const [revoke, unknown] = exchanges(context.trace, 'POST', '/oauth/revoke');
    expect(Object.fromEntries(new URLSearchParams(revoke!.request.body))).toEqual({
      token: context.learner.refresh_token,
      token_type_hint: 'refresh_token',
    });
    expect(revoke!.response.status).toBe(200);
    expect(unknown!.response.status).toBe(200);
    expect(checkNamed(context.trace, 'token belongs to client')[0]).toMatchObject({ verdict: 'pass', stepId: 'revoke-grant' });
    expect(checkNamed(context.trace, 'unknown token answered 200 too')[0]).toMatchObject({ verdict: 'pass' });

    context = await run.next(1);
    const [api] = exchanges(context.trace, 'GET', '/api/me');
    expect(api!.response.status).toBe(401);
    expect(api!.response.headers['www-authenticate']).toContain('error="invalid_token"');

    context = await run.next(2);
    const after = exchanges(context.trace, 'POST', '/oauth/introspect')[1]!;
    expect(JSON.parse(after.response.body!)).toEqual({ active: false });
    expect(checkNamed(context.trace, 'token inactive')[0]).toMatchObject({ verdict: 'pass' });

    context = await run.next(3);
    expect(context.outcome).toBe('done');
    expect(checkNamed(context.trace, 'API rejects the revoked grant')[0]).toMatchObject({ verdict: 'pass' });
    const refresh = exchanges(context.trace, 'POST', '/oauth/token')[1]!;
    expect(refresh.response.status).toBe(400);
    expect(JSON.parse(refresh.response.body!).error).toBe('invalid_grant');
    expect(checkNamed(context.trace, 'refresh refused')[0]).toMatchObject({ verdict: 'pass' });
  });

  it('introspection with a wrong client secret is refused with 401 invalid_client, sent without the browser’s cookies', async () => {
    const run = startWalkthrough(revocation, createRevocationScript);
    await run.next(5);
    const context = await run.act('wrong-secret');
    expect(context.outcome).toBe('error');
    expect(context.completed).toBe(6);
    const refused = exchanges(context.trace, 'POST', '/oauth/introspect')[1]!;
    expect(refused.response.status).toBe(401);
    expect(JSON.parse(refused.response.body!).error).toBe('invalid_client');
    expect(refused.response.headers['www-authenticate']).toMatch(/^Basic/);
    expect(checkNamed(context.trace, 'client authenticated')[0]).toMatchObject({ verdict: 'fail' });
    expect(run.site.seen.filter((r) => r.path === '/oauth/introspect').map((r) => r.withCookie)).toEqual([true, false]);
    expect(context.message).toContain('invalid_client');
  });
});
