import { basicAuthorization } from '../env';
import { webApp } from './authorization-code';
import { ENDPOINTS } from '../../authserver/paths';
import { describe, expect, it } from 'vitest';
import { WRONG_INTROSPECTION_SECRET } from '../../flows/revocation';
import { act, back, blankFrame, check, exchanges, learnerSite, next, startWalkthroughOf, TEST_ORIGIN } from './test-site';
import { revocationWalkthrough } from './revocation';

/** The revocation and introspection effects against the real toy authorization server. */
describe('Revocation walk-through against the toy server', () => {
  it('introspection says active, the refresh token is revoked, then introspection, the API and the token endpoint refuse the grant', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(revocationWalkthrough, { frame: blankFrame, site });
    let context = (await next(actor, 1)).context;
    const [before] = exchanges(context.trace, 'POST', ENDPOINTS.introspect);
    expect(before!.request.headers.authorization).toBe(basicAuthorization(webApp.client_id, webApp.client_secret));
    expect(JSON.parse(before!.response.body!)).toMatchObject({ active: true, client_id: 'web-app' });
    expect(check(context.trace, 'tokens active')).toMatchObject({ verdict: 'pass' });

    context = (await next(actor, 3)).context;
    const [revoke, unknown] = exchanges(context.trace, 'POST', ENDPOINTS.revoke);
    expect(Object.fromEntries(new URLSearchParams(revoke!.request.body))).toEqual({
      token: context.learner.refresh_token,
      token_type_hint: 'refresh_token',
    });
    expect(revoke!.response.status).toBe(200);
    expect(unknown!.response.status).toBe(200);
    expect(check(context.trace, 'token belongs to client')).toMatchObject({ verdict: 'pass', stepId: 'revoke-grant' });
    expect(check(context.trace, 'unknown token answered 200 too')).toMatchObject({ verdict: 'pass' });

    context = (await next(actor, 1)).context;
    const [api] = exchanges(context.trace, 'GET', ENDPOINTS.apiMe);
    expect(api!.response.status).toBe(401);
    expect(api!.response.headers['www-authenticate']).toContain('error="invalid_token"');

    context = (await next(actor, 2)).context;
    const after = exchanges(context.trace, 'POST', ENDPOINTS.introspect)[1]!;
    expect(JSON.parse(after.response.body!)).toEqual({ active: false });
    expect(check(context.trace, 'token inactive')).toMatchObject({ verdict: 'pass' });

    context = (await next(actor, 3)).context;
    expect(context.outcome).toBe('done');
    expect(check(context.trace, 'API rejects the revoked grant')).toMatchObject({ verdict: 'pass' });
    const refresh = exchanges(context.trace, 'POST', ENDPOINTS.token)[1]!;
    expect(refresh.response.status).toBe(400);
    expect(JSON.parse(refresh.response.body!).error).toBe('invalid_grant');
    expect(check(context.trace, 'refresh refused')).toMatchObject({ verdict: 'pass' });
  });

  it('introspection with a wrong client secret is refused with 401 invalid_client, sent without the browser’s cookies', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(revocationWalkthrough, { frame: blankFrame, site });
    (await next(actor, 5)).context;
    const context = (await act(actor, WRONG_INTROSPECTION_SECRET.id)).context;
    expect(context.outcome).toBe('error');
    expect(context.completed).toBe(6);
    const refused = exchanges(context.trace, 'POST', ENDPOINTS.introspect)[1]!;
    expect(refused.response.status).toBe(401);
    expect(JSON.parse(refused.response.body!).error).toBe('invalid_client');
    expect(refused.response.headers['www-authenticate']).toMatch(/^Basic/);
    expect(check(context.trace, 'client authenticated')).toMatchObject({ verdict: 'fail' });
    expect(site.seen.filter((r) => r.path === ENDPOINTS.introspect).map((r) => r.withCookie)).toEqual([true, false]);
    expect(context.message).toContain('invalid_client');
  });
});
