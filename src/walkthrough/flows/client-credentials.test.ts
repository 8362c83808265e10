import { basicAuthorization } from '../env';
import { ENDPOINTS } from '../../authserver/paths';
import { describe, expect, it } from 'vitest';
import { WRONG_CLIENT_SECRET } from '../../flows/client-credentials';
import { act, back, blankFrame, check, exchanges, learnerSite, next, startWalkthroughOf, TEST_ORIGIN } from './test-site';
import { clientCredentialsWalkthrough, reportingService } from './client-credentials';

/** The Client Credentials effects against the real toy authorization server. */
describe('Client Credentials walk-through against the toy server', () => {
  it(`authenticates with Basic, gets a photos.read token without a refresh token, reads photos and is refused ${ENDPOINTS.apiMe}`, async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(clientCredentialsWalkthrough, { frame: blankFrame, site });
    let context = (await next(actor, 1)).context;
    const [token] = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(token!.request.headers.authorization).toBe(basicAuthorization(reportingService.client_id, reportingService.client_secret));
    expect(Object.fromEntries(new URLSearchParams(token!.request.body))).toEqual({ grant_type: 'client_credentials', scope: 'photos.read' });
    expect(token!.response.status).toBe(200);
    expect(context.learner.refresh_token).toBeUndefined();

    // The server's checks are shown one flow step at a time.
    context = (await next(actor, 2)).context;
    const byStep = (stepId: string) => context.trace.filter((e) => e.stepId === stepId).map((e) => e.type === 'check' && e.name);
    expect(byStep('authenticate-client')).toEqual(['client authentication']);
    expect(byStep('check-scope')).toContain('scope is allowed for client');

    context = (await next(actor, 4)).context;
    expect(check(context.trace, 'token response usable')).toMatchObject({ verdict: 'pass' });
    const [photos] = exchanges(context.trace, 'GET', ENDPOINTS.apiPhotos);
    expect(photos!.response.status).toBe(200);
    expect(JSON.parse(photos!.response.body!).photos.length).toBeGreaterThan(0);
    expect(context.trace.some((e) => e.type === 'check' && e.name === 'access token valid' && e.stepId === 'verify-token')).toBe(true);

    context = (await next(actor, 2)).context;
    expect(context.outcome).toBe('done');
    const [me] = exchanges(context.trace, 'GET', ENDPOINTS.apiMe);
    expect(me!.response.status).toBe(403);
    expect(me!.response.headers['www-authenticate']).toMatch(/error="insufficient_scope".*scope="profile"/);
    expect(check(context.trace, 'API says insufficient_scope')).toMatchObject({ verdict: 'pass', inputs: { needed_scope: 'profile' } });
  });

  it('a wrong client secret gets 401 invalid_client with WWW-Authenticate: Basic and ends the run', async () => {
    const site = learnerSite();
    const actor = startWalkthroughOf(clientCredentialsWalkthrough, { frame: blankFrame, site });
    const context = (await act(actor, WRONG_CLIENT_SECRET.id)).context;
    expect(context.outcome).toBe('error');
    const [token] = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(token!.response.status).toBe(401);
    expect(JSON.parse(token!.response.body!).error).toBe('invalid_client');
    expect(token!.response.headers['www-authenticate']).toMatch(/^Basic realm=/);
    expect(context.message).toContain('WWW-Authenticate: Basic');
    expect(context.learner.access_token).toBeUndefined();
  });
});
