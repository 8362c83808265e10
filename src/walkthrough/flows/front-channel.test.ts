import { CLIENT_PAGES, ENDPOINTS } from '../../authserver/paths';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AS_MODERN_CLIENT, implicit } from '../../flows/implicit';
import { nativeApp as nativeAppFlow, WITHOUT_PKCE } from '../../flows/native-app';
import { pkce, WRONG_VERIFIER } from '../../flows/pkce';
import { implicitWalkthrough } from './implicit';
import { nativeAppWalkthrough, loopbackRedirectUri } from './native-app';
import { pkceWalkthrough } from './pkce';
import { act, check, exchanges, next, startWalkthroughOf, TEST_ORIGIN } from './test-site';

/**
 * The PKCE, native app and implicit walk-throughs against the real toy server, with a scripted
 * browser frame: each flow to its end, and each teaching variant to the server's refusal.
 */

const stepIndex = (flow: { steps: readonly { id: string }[] }, id: string) => flow.steps.findIndex((s) => s.id === id);

describe('Authorization Code with PKCE walk-through (spa)', () => {
  it('derives S256 from the verifier, redeems the code with it and no secret, and reads the photos', async () => {
    const actor = startWalkthroughOf(pkceWalkthrough);
    const { context } = await next(actor, pkce.steps.length);
    expect(context.outcome).toBe('done');
    const { code_verifier, code_challenge } = context.learner;
    const derived = check(context.trace, 'code_challenge derived');
    expect(derived).toMatchObject({ verdict: 'pass', stepId: 'create-verifier' });

    const query = new URL(context.learner.authorization_url!).searchParams;
    expect(query.get('client_id')).toBe('spa');
    expect(query.get('code_challenge')).toBe(code_challenge);
    expect(query.get('code_challenge_method')).toBe('S256');
    expect(query.has('code_verifier')).toBe(false);

    const [tokenRequest] = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(tokenRequest!.request.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(tokenRequest!.request.body))).toMatchObject({ client_id: 'spa', code_verifier });

    expect(check(context.trace, 'PKCE S256 verifier')).toMatchObject({
      verdict: 'pass',
      stepId: 'verify-pkce',
      inputs: { 'BASE64URL(SHA256(code_verifier))': code_challenge, code_challenge },
    });
    expect(exchanges(context.trace, 'GET', ENDPOINTS.apiPhotos)[0]).toMatchObject({ response: { status: 200 } });
    expect(context.message).toContain('2 photos');
  });

  it('"Send a wrong code_verifier": the server refuses with invalid_grant and the run ends at its PKCE check', async () => {
    const actor = startWalkthroughOf(pkceWalkthrough);
    await next(actor, stepIndex(pkce, 'token-request'));
    await act(actor, WRONG_VERIFIER.id);
    const { context } = await next(actor);
    expect(context.learner.token_error).toBe('invalid_grant');
    expect(context.learner.sent_code_verifier).not.toBe(context.learner.code_verifier);
    expect(context.outcome).toBe('error');
    expect(context.message).toContain('invalid_grant');
    expect(check(context.trace, 'PKCE S256 verifier')).toMatchObject({ verdict: 'fail', stepId: 'verify-pkce' });
  });
});

describe('native app walk-through (RFC 8252)', () => {
  it('uses a loopback redirect_uri on the site’s port, accepted on any port, and redeems with PKCE', async () => {
    const actor = startWalkthroughOf(nativeAppWalkthrough, { origin: 'http://localhost:4406' });
    const { context } = await next(actor, nativeAppFlow.steps.length);
    expect(context.outcome).toBe('done');
    expect(context.learner.redirect_uri).toBe(`http://127.0.0.1:4406${CLIENT_PAGES.nativeCallback}`);
    expect(check(context.trace, 'redirect_uri matches (loopback, any port)')).toMatchObject({ verdict: 'pass', stepId: 'authorization-request' });
    expect(context.frameUrl).toMatch(/^http:\/\/127\.0\.0\.1:4406\/lab\/native-callback\?code=/);
    const [tokenRequest] = exchanges(context.trace, 'POST', ENDPOINTS.token);
    expect(tokenRequest!.request.headers.authorization).toBeUndefined();
    expect(tokenRequest!.response.status).toBe(200);
    expect(context.learner.refresh_token).toBeTruthy();
  });

  describe('in the static build (its server in a Service Worker, which answers only the site’s own origin)', () => {
    afterEach(() => vi.unstubAllEnvs());

    it('uses the claimed https redirect on the site’s own origin instead, matched exactly, and redeems with PKCE (§7.2)', async () => {
      vi.stubEnv('PUBLIC_LAB_MODE', 'browser');
      const actor = startWalkthroughOf(nativeAppWalkthrough);
      const { context } = await next(actor, nativeAppFlow.steps.length);
      expect(context.outcome).toBe('done');
      const claimed = `${TEST_ORIGIN}${CLIENT_PAGES.nativeCallback}`;
      expect(context.learner.redirect_uri).toBe(claimed);
      expect(check(context.trace, 'claimed https redirect instead of a loopback listener')).toMatchObject({ verdict: 'pass', rfc: 'RFC 8252 §7.2' });
      expect(check(context.trace, 'redirect_uri matches')).toMatchObject({ verdict: 'pass', rfc: 'RFC 6749 §3.1.2.3', stepId: 'authorization-request' });
      expect(context.frameUrl?.startsWith(`${claimed}?code=`)).toBe(true);
      const [tokenRequest] = exchanges(context.trace, 'POST', ENDPOINTS.token);
      expect(tokenRequest!.request.body).toContain(`redirect_uri=${encodeURIComponent(claimed)}`);
      expect(tokenRequest!.response.status).toBe(200);
      expect(context.message).toContain('claimed "https" redirect');
    });
  });

  it('keeps the port the app listens on in the loopback redirect_uri (§7.3)', () => {
    expect(loopbackRedirectUri('http://localhost:4406')).toBe(`http://127.0.0.1:4406${CLIENT_PAGES.nativeCallback}`);
    expect(loopbackRedirectUri('https://lab.example')).toBe(`http://127.0.0.1:443${CLIENT_PAGES.nativeCallback}`);
    expect(loopbackRedirectUri('http://lab.example')).toBe(`http://127.0.0.1${CLIENT_PAGES.nativeCallback}`);
  });

  it('"Leave out PKCE": the server sends the browser back with error=invalid_request and the run ends', async () => {
    const actor = startWalkthroughOf(nativeAppWalkthrough);
    await next(actor, stepIndex(nativeAppFlow, 'open-system-browser'));
    await act(actor, WITHOUT_PKCE.id);
    const { context } = await next(actor);
    expect(new URL(context.learner.authorization_url!).searchParams.has('code_challenge')).toBe(false);
    expect(context.outcome).toBe('error');
    expect(context.learner.error).toBe('invalid_request');
    expect(context.message).toContain('error=invalid_request');
    expect(check(context.trace, 'PKCE challenge present')).toMatchObject({ verdict: 'fail' });
  });
});

describe('implicit walk-through (legacy)', () => {
  it('gets the token in the fragment with no code exchange, shows it readable by scripts, and uses it', async () => {
    const actor = startWalkthroughOf(implicitWalkthrough);
    const { context } = await next(actor, implicit.steps.length);
    expect(context.outcome).toBe('done');
    expect(context.frameUrl).toMatch(new RegExp(`^${TEST_ORIGIN}${CLIENT_PAGES.callback}#access_token=`));
    expect(check(context.trace, 'token issued without a code exchange')).toMatchObject({ stepId: 'issue-token-unauthenticated', actor: 'authserver' });
    expect(check(context.trace, 'access_token in the URL fragment')).toMatchObject({ verdict: 'pass' });
    expect(check(context.trace, 'token readable by page scripts')).toMatchObject({ verdict: 'fail', stepId: 'read-fragment' });
    expect(check(context.trace, 'state matches')).toMatchObject({ verdict: 'pass' });
    const [callback] = exchanges(context.trace, 'GET', CLIENT_PAGES.callback);
    expect(callback!.request.url).toBe(`${TEST_ORIGIN}${CLIENT_PAGES.callback}`);
    expect(exchanges(context.trace, 'POST', ENDPOINTS.token)).toHaveLength(0);
    expect(exchanges(context.trace, 'GET', ENDPOINTS.apiMe)[0]).toMatchObject({ response: { status: 200 } });
  });

  it('a modern client asking for response_type=token is refused with unauthorized_client', async () => {
    const actor = startWalkthroughOf(implicitWalkthrough);
    await act(actor, AS_MODERN_CLIENT.id);
    const { context } = await next(actor);
    expect(context.outcome).toBe('error');
    expect(context.learner.error).toBe('unauthorized_client');
    expect(check(context.trace, 'response_type allowed')).toMatchObject({ verdict: 'fail' });
  });
});
