import { expect, test, type Page } from '@playwright/test';
import { atStep, nextUntil, signInAndAnswer, type WalkthroughUi } from './walkthrough-page';
import { CLIENT_PAGES, ENDPOINTS, route } from './fixtures';
import { at, BROWSER_MODE_NOTE, fetchThroughPage, openStaticAttack, openStaticWalkthrough, staticBase, stopServiceWorker } from './static-site';
import { authorizationCode } from '../src/flows/authorization-code';
import { pkce } from '../src/flows/pkce';
import { ADVANCE_CLOCK, refreshToken } from '../src/flows/refresh-token';
import { deviceCode } from '../src/flows/device-code';
import { nativeApp } from '../src/flows/native-app';
import { NATIVE_REDIRECT_NOTE } from '../src/walkthrough/native-redirect';
import { questionBefore } from '../src/classroom/questions';
import { attackerLabel, attackerSite, attackRunsIn } from '../src/authserver/attacker/origin';
import { ATTACKER_PAGES } from '../src/authserver/paths';
import { attacks, lessonPath } from '../src/flows/attacks';
import { redirectUriTampering } from '../src/flows/attacks/redirect-uri-tampering';
import { attackerSiteNote, ONE_ORIGIN_ONLY } from '../src/walkthrough/attacks/attacker-view';
import { attackDefence, stoppedStep } from './attack-page';

/**
 * The walk-throughs against the static build served by a plain static file server (no route of the
 * lab's own: every OAuth request is answered by the Service Worker in the page's browser, or by
 * nobody). Each journey stops the worker in the middle of the flow, as a browser stops an idle one:
 * the codes, tokens, keys and clock the server kept are in IndexedDB, so the flow goes on.
 */

// Long journeys of real requests, with a worker restart in each: allow for a busy machine.
test.slow();

const SERVED_BY = 'Authorization server, served by the Service Worker';

/** Signs in and approves in the frame, then runs the client's checks. */
async function approveAndCheckState(ui: WalkthroughUi): Promise<void> {
  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`${at(CLIENT_PAGES.callback)}\?.*code=.+`);
  await expect(ui.frame.getByRole('heading', { name: 'The app received the authorization response' })).toBeVisible();
  await expect(ui.frame.getByText('The authorization code: short-lived and single-use.')).toBeVisible();
  await nextUntil(ui, 'user-decides', 'check-state');
  await expect(ui.entry(/^state matches/)).toContainText('passed');
  await expect(ui.entry(/^iss matches/)).toContainText('passed');
}

test('Authorization Code: the code issued before the worker stopped is redeemed after, and the API answers', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, authorizationCode);
  await nextUntil(ui, 0, 'authorization-request');
  await expect(ui.address).toHaveValue(route`${at(ENDPOINTS.authorize)}\?.*response_type=code`);
  const authorize = ui.entry(route`^GET ${at(ENDPOINTS.authorize)}\?`);
  await expect(authorize).toHaveCount(1);
  await expect(authorize).toContainText(`Browser → ${SERVED_BY}`);
  await approveAndCheckState(ui);

  await stopServiceWorker(page);
  await nextUntil(ui, 'check-state', 'token-request');
  const token = ui.entry(route`^POST ${at(ENDPOINTS.token)}`);
  await expect(token).toContainText(`Client app (back channel) → ${SERVED_BY}`);
  await expect(token).toContainText('200');
  await expect(token).toContainText('"access_token"');
  await nextUntil(ui, 'token-request', ui.steps);
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`)).toContainText('200');
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`)).toContainText('Alice Liddell');
  await expect(ui.walkthrough).toContainText('Done');
});

test('PKCE: the challenge stored before the worker stopped verifies the code_verifier after', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, pkce);
  await nextUntil(ui, 0, 'authorization-request');
  await expect(ui.address).toHaveValue(/[?&]code_challenge_method=S256/);
  await expect(ui.entry(/^PKCE challenge present/)).toContainText('passed');

  await stopServiceWorker(page);
  await approveAndCheckState(ui);
  await nextUntil(ui, 'check-state', 'token-request');
  const token = ui.entry(route`^POST ${at(ENDPOINTS.token)}`);
  await expect(token).toContainText('code_verifier=');
  await expect(token).toContainText('200');
  await nextUntil(ui, 'token-request', 'verify-pkce');
  await expect(ui.entry(/^PKCE S256 verifier/)).toContainText('passed');
  await nextUntil(ui, 'verify-pkce', ui.steps);
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiPhotos)}`)).toContainText('200');
  await expect(ui.walkthrough).toContainText('Done');
});

test('refresh tokens: the lab clock moved before the worker stopped still expires the access token after; refresh and reuse detection work', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, refreshToken);
  await nextUntil(ui, 0, 'api-response');
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`)).toContainText('200');
  await page.getByRole('button', { name: ADVANCE_CLOCK.label }).click();
  await atStep(ui, 'advance-clock');
  await expect(ui.walkthrough.getByText(/^Lab clock:/)).toContainText('1 hour ahead of real time');

  await stopServiceWorker(page);
  await nextUntil(ui, 'advance-clock', 'invalid-token');
  const expired = ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`).nth(1);
  await expect(expired).toContainText('401');
  await expect(expired).toContainText('error="invalid_token"');

  await nextUntil(ui, 'invalid-token', 'api-response-refreshed');
  await expect(ui.entry(route`^POST ${at(ENDPOINTS.token)}`).nth(1)).toContainText('grant_type=refresh_token');
  await expect(ui.entry(/^refresh token rotation/)).toContainText('passed');
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`).nth(2)).toContainText('200');

  await stopServiceWorker(page);
  await nextUntil(ui, 'api-response-refreshed', 'reuse-detected');
  await expect(ui.entry(route`^POST ${at(ENDPOINTS.token)}`).nth(2)).toContainText('invalid_grant');
  await expect(ui.entry(/^whole grant revoked/)).toContainText('passed');
});

test('device authorization: the device code pending before the worker stopped is approved on the phone and polled to tokens after', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, deviceCode);
  const device = page.getByRole('region', { name: 'Device (TV)' });
  await nextUntil(ui, 0, 'authorization-pending');
  await expect(device).toContainText(/[A-Z]{4}-[A-Z]{4}/);
  await expect(device).toContainText(at(ENDPOINTS.deviceVerification));
  const polls = (text: string) => ui.entry(route`^POST ${at(ENDPOINTS.token)}`).filter({ hasText: text });
  await expect(polls('authorization_pending')).toHaveCount(1);

  await stopServiceWorker(page);
  await nextUntil(ui, 'authorization-pending', 'verification-page');
  await expect(polls('slow_down')).toHaveCount(1);
  await expect(ui.frame.getByRole('heading', { name: 'Connect a device' })).toBeVisible();
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-approves');
  await expect(ui.frame.getByRole('heading', { name: 'Device connected' })).toBeVisible();

  await stopServiceWorker(page);
  await nextUntil(ui, 'user-approves', ui.steps);
  await expect(polls('"access_token"')).toHaveCount(1);
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiPhotos)}`)).toContainText('200');
  await expect(ui.walkthrough).toContainText('Done');
});

test('a tab closed and opened again: the walk-through resumes where it was, on the same server, Next step goes on, and Start again starts over', async ({ context }) => {
  const first = await context.newPage();
  const ui = await openStaticWalkthrough(first, refreshToken);
  await nextUntil(ui, 0, 'api-response');
  await first.getByRole('button', { name: ADVANCE_CLOCK.label }).click();
  await atStep(ui, 'advance-clock');
  const entries = await ui.entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-key')));
  const keys = await fetchThroughPage<{ keys: { kid: string }[] }>(first, ENDPOINTS.jwks);
  await first.close();

  const again = await context.newPage();
  const reopened = await openStaticWalkthrough(again, refreshToken);
  const step = reopened.number('advance-clock');
  await expect(reopened.walkthrough.getByText(`Resumed at step ${step} of ${reopened.steps}, where you left this walk-through`)).toBeVisible();
  await atStep(reopened, 'advance-clock');
  await expect(reopened.previous).toBeEnabled();
  expect(await reopened.entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-key')))).toEqual(entries);
  await expect(reopened.walkthrough.getByText(/^Lab clock:/)).toContainText('1 hour ahead of real time');
  // The same server: the same signing keys, and the learner's clock where the closed tab left it.
  expect(await fetchThroughPage(again, ENDPOINTS.jwks)).toEqual(keys);
  expect((await fetchThroughPage<{ offset_seconds: number }>(again, ENDPOINTS.labClock)).offset_seconds).toBe(3600);

  // Next step goes on with what the app held before the tab closed: its access token (now expired), then its refresh token.
  await nextUntil(reopened, 'advance-clock', 'invalid-token');
  await expect(reopened.entry(route`^GET ${at(ENDPOINTS.apiMe)}`).nth(1)).toContainText('error="invalid_token"');
  await nextUntil(reopened, 'invalid-token', 'api-response-refreshed');
  await expect(reopened.entry(/^refresh token rotation/)).toContainText('passed');
  await expect(reopened.entry(route`^GET ${at(ENDPOINTS.apiMe)}`).nth(2)).toContainText('200');
  expect(new Set(await reopened.entries.evaluateAll((items) => items.map((item) => item.getAttribute('data-key')))).size).toBe(await reopened.entries.count());

  await reopened.walkthrough.getByRole('button', { name: 'Start again' }).click();
  await expect(reopened.walkthrough.getByText(`Step 0 of ${reopened.steps}`, { exact: true })).toBeVisible();
  await expect(reopened.entries).toHaveCount(0);
  await expect(reopened.walkthrough.getByText(/^Resumed at step/)).toBeHidden();
});

test('native app: the redirect lands on the app’s claimed https address on this site, and the code is redeemed with PKCE', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, nativeApp);
  const claimed = `${new URL(page.url()).origin}${at(CLIENT_PAGES.nativeCallback)}`;
  // The page says which redirect this copy uses instead of the loopback one, and why.
  await expect(page.getByText(NATIVE_REDIRECT_NOTE.browser!)).toBeVisible();
  await nextUntil(ui, 0, 'open-loopback-listener');
  await expect(ui.entry(/^claimed https redirect instead of a loopback listener/)).toContainText('RFC 8252 §7.2');

  await nextUntil(ui, 'open-loopback-listener', 'authorization-request');
  await expect(ui.address).toHaveValue(route`[?&]redirect_uri=${encodeURIComponent(claimed)}&`);
  // Matched exactly, as a claimed URL is registered (the loopback rule's "any port" is not needed).
  await expect(ui.entry(/^redirect_uri matches(?! \(loopback)/)).toContainText('passed');
  await nextUntil(ui, 'authorization-request', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await expect(ui.address).toHaveValue(route`^${claimed}\?code=.+`);
  await expect(ui.frame.getByRole('heading', { name: 'The app received the authorization response' })).toBeVisible();

  await nextUntil(ui, 'user-decides', 'token-request');
  const token = ui.entry(route`^POST ${at(ENDPOINTS.token)}`);
  await expect(token).toContainText(`${nativeApp.participants.find((p) => p.kind === 'client')!.label} (back channel) → ${SERVED_BY}`);
  await expect(token).toContainText('code_verifier=');
  await expect(token).toContainText('200');
  await nextUntil(ui, 'token-request', ui.steps);
  await expect(ui.entry(/^PKCE S256 verifier/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
});

test('/server/ says the server runs in this browser, that curl cannot reach it, and how to run the Node server', async ({ page }) => {
  await page.goto(at('/server/'));
  await expect(page.getByText(BROWSER_MODE_NOTE)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Run the Node server' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Try it with curl' })).toHaveCount(0);
  // The discovery document it links to is answered by the Service Worker, with the site's base in every URL.
  const metadata = await fetchThroughPage<{ issuer: string; token_endpoint: string }>(page, ENDPOINTS.metadata);
  const origin = new URL(page.url()).origin;
  expect(metadata.issuer).toBe(`${origin}${staticBase()}`);
  expect(metadata.token_endpoint).toBe(`${origin}${at(ENDPOINTS.token)}`);
});

/**
 * An attack lesson needs a second party, not a second origin: the attacker's page stands below
 * `/attacker-site` on the site's own origin, answered by the same worker, and the pages say so.
 */
test('an attack lesson: the code reaches the attacker’s page on this origin with the defence off, and is refused with it on', async ({ page }) => {
  const ui = await openStaticAttack(page, redirectUriTampering);
  const attacker = attackerSite('browser', new URL(page.url()).origin, staticBase());
  await expect(ui.attacker).toContainText(attackerSiteNote(attacker));
  await nextUntil(ui, 0, 'attacker-builds-link');
  await expect(ui.entry(/^lab switch exact-redirect-uri/)).toContainText('off (lab setting)');

  await nextUntil(ui, 'attacker-builds-link', 'code-to-attacker');
  await expect(ui.address).toHaveValue(route`^${attacker.root}${ATTACKER_PAGES.catch}\?.*code=`);
  await expect(ui.frame.getByRole('heading', { name: /what arrived/ })).toBeVisible();
  await nextUntil(ui, 'code-to-attacker', ui.steps);
  await expect(ui.status).toContainText('Attack succeeded');
  await expect(ui.entry(route`^GET ${at(ENDPOINTS.apiMe)}`)).toContainText(`Attacker (${attackerLabel(attacker)}) → Resource server`);

  await ui.defence.on.check();
  await expect(ui.status).toContainText('Walk-through ready');
  await nextUntil(ui, 0, attackDefence(redirectUriTampering));
  await expect(ui.status).toContainText('Attack stopped');
  await expect(ui.entry(/^redirect_uri matches/).filter({ hasText: 'failed' })).toHaveCount(1);
  await expect(stoppedStep(ui)).toHaveAttribute('data-step-id', attackDefence(redirectUriTampering));
});

// Every other lesson that runs on one origin runs to its end here too, the attack succeeding with the defence off.
for (const attack of attacks.filter((lesson) => lesson !== redirectUriTampering && attackRunsIn('browser', lesson))) {
  test(`${attack.title}: with the defence off the attack succeeds on the static site`, async ({ page }) => {
    test.setTimeout(90_000); // every step of a lesson is real traffic through the worker
    const ui = await openStaticAttack(page, attack);
    await nextUntil(ui, 0, ui.steps);
    await expect(ui.status).toContainText('Attack succeeded');
  });
}

// A lesson whose point is the origin boundary declares it (`needsSecondOrigin`): one check per such lesson.
for (const attack of attacks.filter((lesson) => lesson.attack.needsSecondOrigin !== undefined)) {
  test(`${attack.title}: says it needs a second origin and links to running the Node server, instead of a run that shows nothing true`, async ({ page }) => {
    await page.goto(at(lessonPath(attack)));
    await expect(page.getByRole('figure', { name: `${attack.title} — sequence diagram` })).toBeVisible();
    const note = page.getByText(attack.attack.needsSecondOrigin!);
    await expect(note).toContainText(ONE_ORIGIN_ONLY);
    await expect(page.getByRole('button', { name: 'Next step' })).toHaveCount(0);
    await note.getByRole('link', { name: 'Run the Node server', exact: true }).click();
    await expect(page).toHaveURL(/\/server\/#node-server$/);
  });
}

/** What the static site says where a class would start or be joined. */
const NEEDS_SHARED_SERVER = /^Classes need one lab server shared by everybody in the room\./;

test('a walk-through says classes need the Node server, with a link, instead of "Start a class"; its question card still works', async ({ page }) => {
  const ui = await openStaticWalkthrough(page, authorizationCode);
  await expect(ui.walkthrough.getByRole('button', { name: 'Start a class' })).toHaveCount(0);
  await expect(ui.walkthrough.getByText(NEEDS_SHARED_SERVER)).toBeVisible();
  await expect(ui.walkthrough.getByRole('link', { name: 'Run the Node server', exact: true })).toBeVisible();

  await nextUntil(ui, 0, 'authorization-request');
  await approveAndCheckState(ui);
  const question = questionBefore(authorizationCode, authorizationCode.steps.findIndex((step) => step.id === 'check-state') + 1)!;
  const card = page.getByRole('region', { name: 'Predict before you step' });
  await card.getByRole('radiogroup', { name: question.text }).getByRole('radio', { name: question.options[question.answer]! }).check();
  await card.getByRole('button', { name: 'Submit answer' }).click();
  await expect(card).toContainText(`Right: “${question.options[question.answer]}”.`);
  await expect(card).toContainText(question.explanation);
});

test('/join/ says classes need the Node server and links to running it, instead of a form that fails', async ({ page }) => {
  await page.goto(at('/join/'));
  await expect(page.getByRole('textbox', { name: 'Class code' })).toHaveCount(0);
  await expect(page.getByText(NEEDS_SHARED_SERVER)).toBeVisible();
  await page.getByRole('link', { name: 'Run the Node server', exact: true }).click();
  await expect(page).toHaveURL(/\/server\/#node-server$/);
  await expect(page.getByRole('heading', { name: 'Run the Node server' })).toBeInViewport();
});
