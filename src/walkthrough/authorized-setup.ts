import { ENDPOINTS } from '../authserver/paths';
import { GRANT_AUTHORIZATION_CODE } from '../authserver/seed';
import { pullNewServerEvents, queryOf, redirectEndpointExchange, type WalkthroughEnv } from './env';
import type { DemoCredentials } from './frame';
import { consentFormBody, readHtmlForm } from './html-form';
import { randomToken } from './learner';
import { stateMatches } from './client-checks';
import { authenticatedPost, describeOAuthError, tokenResponseFields, type ConfidentialClient, type TokenField } from './client-requests';
import type { RecordedEvent, StepResult, TracePosition } from './types';

/**
 * For flows that start after the user has already authorized the app (refresh, revocation):
 * the first step gets real tokens with a compact Authorization Code grant, done by `fetch` the way
 * the browser would (open the authorization URL, sign in and approve on the server's page, follow
 * the redirect back to the app), then the code exchange. Every request shows in the Inspector.
 * @see RFC 6749 §4.1
 */

export interface SetupClient extends ConfidentialClient {
  redirect_path: string;
  scope: string;
}

/**
 * A browser opening an authorization URL and the user signing in and approving on the server's page,
 * played by `fetch`: the answer is the URL the redirect lands on (the app's redirect_uri with the code).
 * @see RFC 6749 §4.1.1, §4.1.2
 */
export async function approveByFetch(
  env: WalkthroughEnv,
  authorizationUrl: string,
  user: DemoCredentials,
): Promise<{ url: string; status: number } | { refused: string }> {
  // The browser opens the authorization URL: the server's login and consent page. @see RFC 6749 §4.1.1
  const page = await env.fetch(authorizationUrl, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
  const form = page.ok ? readHtmlForm(await page.text()) : null;
  if (!form) return { refused: `the authorization server did not show its login and consent page (HTTP ${page.status}).` };
  // The user signs in and approves; the browser posts the form and follows the redirect. @see RFC 6749 §4.1.2
  const answer = await env.fetch(new URL(form.action || authorizationUrl, authorizationUrl).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
    body: consentFormBody(form, user, 'approve').toString(),
    credentials: 'same-origin',
    redirect: 'follow',
  });
  await answer.text();
  return { url: answer.url, status: answer.status };
}

/**
 * Runs the grant and returns the Inspector entries and the tokens (learner data: `access_token`,
 * `refresh_token`, `expires_in`, `scope`, `token_type`), or an `error` outcome when a request failed.
 */
export async function obtainTokensAsDemoUser(
  env: WalkthroughEnv,
  input: TracePosition,
  client: SetupClient,
  user: DemoCredentials,
): Promise<StepResult<TokenField>> {
  const redirectUri = `${env.origin}${client.redirect_path}`;
  const state = randomToken(16, env.random);
  const authorizationUrl = new URL(`${env.origin}${ENDPOINTS.authorize}`);
  for (const [name, value] of Object.entries({ response_type: 'code', client_id: client.client_id, redirect_uri: redirectUri, scope: client.scope, state })) {
    authorizationUrl.searchParams.set(name, value);
  }
  const events: RecordedEvent[] = [];
  let serverSeq = input.serverSeq;
  /** Pulls what the server recorded since the last pull (its own view of the front-channel requests, its checks). */
  const pull = async (recordedThisStep: RecordedEvent[] = []) => {
    const pulled = await pullNewServerEvents(env, { ...input, serverSeq }, [...events, ...recordedThisStep]);
    serverSeq = pulled.serverSeq;
    return pulled.events;
  };
  const stop = async (message: string): Promise<StepResult<never>> => {
    events.push(...(await pull()));
    return { events, serverSeq, outcome: 'error', message };
  };

  // 1 and 2: the login and consent page, answered; the browser follows the redirect back to the app.
  const answer = await approveByFetch(env, authorizationUrl.href, user);
  if ('refused' in answer) return stop(`Setup failed: ${answer.refused}`);
  events.push(...(await pull()));
  const landed = answer.url;
  if (landed.split(/[?#]/)[0] !== redirectUri) return stop(`Setup failed: the browser did not come back to the app (it is at ${landed || 'an unknown page'}).`);
  events.push(redirectEndpointExchange(env, landed, answer.status));
  const received = queryOf(landed);
  const stateCheck = stateMatches(env, state, received.state, {
    passed: 'The redirect answers the request this app started.',
    failed: 'The state that came back is not the one this app stored.',
  });
  events.push(stateCheck.event);
  if (!stateCheck.passed || !received.code) {
    return stop(`Setup failed: ${received.error ? `the server answered error=${received.error}` : 'no valid code came back'}.`);
  }

  // 3. The app's back end redeems the code. @see RFC 6749 §4.1.3
  const exchange = await authenticatedPost(env, ENDPOINTS.token, client, {
    grant_type: GRANT_AUTHORIZATION_CODE,
    code: received.code,
    redirect_uri: redirectUri,
  });
  events.push(exchange.event, ...(await pull([exchange.event])));
  if (!exchange.response.ok) {
    return { events, serverSeq, outcome: 'error', message: `Setup failed: the token endpoint refused the code: ${describeOAuthError(exchange.body, exchange.response.status)}.` };
  }
  return { events, serverSeq, learner: tokenResponseFields(exchange.body) };
}
