import { expect, test } from '@playwright/test';
import { atStep, nextUntil, openEntry, openWalkthrough, signInAndAnswer } from './walkthrough-page';
import { ENDPOINTS, route } from './fixtures';
import { dpop, PROOF_FOR_ANOTHER_URL, REPLAYED_PROOF } from '../src/flows/dpop';

/**
 * The live walk-through of DPoP, as the browser app `dpop-spa`: the key pair is made with Web Crypto,
 * every proof is signed in the page, and the token works only with a proof from that key.
 */

const FLOW = dpop;

test.beforeEach(() => test.slow());

async function toTokenResponse(ui: Awaited<ReturnType<typeof openWalkthrough>>) {
  await nextUntil(ui, 0, 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');
  await nextUntil(ui, 'user-decides', 'token-response');
}

test('the proof is decoded, the nonce is met, the token is DPoP-bound, and the API refuses it without a proof', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);

  await nextUntil(ui, 0, 'create-key-pair');
  const keyPair = ui.entry(/^DPoP key pair created/);
  await expect(keyPair).toContainText('passed');
  await openEntry(keyPair);
  await expect(keyPair.getByRole('definition').locator('code').filter({ hasText: /^false$/ })).toHaveCount(1);

  await nextUntil(ui, 'create-key-pair', 'login-and-consent');
  await signInAndAnswer(ui, 'Approve');
  await atStep(ui, 'user-decides');

  await nextUntil(ui, 'user-decides', 'token-request');
  const firstProof = ui.entry(/^DPoP proof signed/).first();
  await openEntry(firstProof);
  await expect(firstProof).toContainText('dpop+jwt');
  await expect(firstProof.getByRole('definition').locator('code').filter({ hasText: /^POST$/ })).toHaveCount(1);
  await expect(firstProof.getByRole('definition').locator('code').filter({ hasText: route`${ENDPOINTS.token}$` })).toHaveCount(1);
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).first()).toContainText('use_dpop_nonce');

  await nextUntil(ui, 'token-request', 'nonce-required');
  await expect(ui.entry(/^server asks for a DPoP nonce/)).toContainText('passed');

  await nextUntil(ui, 'nonce-required', 'verify-proof');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).last()).toContainText('200');
  await expect(ui.entry(/^DPoP proof valid/).last()).toContainText('passed');
  await expect(ui.entry(/^DPoP nonce current/).last()).toContainText('passed');
  await expect(ui.entry(/^DPoP proof not replayed/).last()).toContainText('passed');

  await nextUntil(ui, 'verify-proof', 'token-response');
  await expect(ui.entry(/^token bound to our key/)).toContainText('passed');
  await expect(ui.entry(route`^POST ${ENDPOINTS.token}`).last()).toContainText('"token_type": "DPoP"');

  await nextUntil(ui, 'token-response', 'api-response');
  const apiCall = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`).last();
  await expect(apiCall).toContainText('200');
  const apiProof = ui.entry(/^DPoP proof signed/).last();
  await openEntry(apiProof);
  await expect(apiProof.getByRole('term').filter({ hasText: /^ath$/ })).toHaveCount(1);
  await expect(ui.entry(/^DPoP key matches token/).last()).toContainText('passed');

  await nextUntil(ui, 'api-response', 'stolen-token-refused');
  const stolen = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`).last();
  await expect(stolen).toContainText('401');
  await expect(stolen).toContainText(/www-authenticateDPoP [^\n]*error="invalid_token"/);
  await expect(ui.entry(/^stolen token refused/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('Done');
  await expect(ui.next).toBeDisabled();
});

test('a proof made for another URL, and a replayed proof, are refused with invalid_dpop_proof', async ({ page }) => {
  const ui = await openWalkthrough(page, FLOW);
  await toTokenResponse(ui);

  await ui.action(PROOF_FOR_ANOTHER_URL.label).click();
  await atStep(ui, 'api-request');
  await expect(ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`).last()).toContainText('invalid_dpop_proof');
  await expect(ui.entry(/^API refuses the proof/)).toContainText('passed');
  await expect(ui.walkthrough).toContainText('made for another URL');

  await ui.previous.click();
  await atStep(ui, 'token-response');
  await ui.action(REPLAYED_PROOF.label).click();
  await atStep(ui, 'api-request');
  const calls = ui.entry(route`^GET ${ENDPOINTS.apiPhotos}`);
  await expect(calls.first()).toContainText('200');
  await expect(calls.last()).toContainText('invalid_dpop_proof');
  await expect(ui.entry(/^DPoP proof not replayed/).last()).toContainText('failed');
  await expect(ui.walkthrough).toContainText('replayed proof');
});
