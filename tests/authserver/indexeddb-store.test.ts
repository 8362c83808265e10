/**
 * The IndexedDB store's own bounds (the shared contract is in store-contract.test.ts), and what the
 * static site relies on: a Service Worker stopped and started again opens the same database and finds
 * its state, signing keys included.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAuthServer, ENDPOINTS } from '../../src/authserver';
import { sharedSigningKeys } from '../../src/authserver/keys';
import { openIndexedDbStore, type IndexedDbStoreOptions } from '../../src/authserver/store/indexeddb';
import { readLog } from '../../src/authserver/store/log';
import { ORIGIN } from './helpers';

const hour = 3600;
const open = (options: IndexedDbStoreOptions = {}) => openIndexedDbStore({ name: `test-${randomBytes(6).toString('hex')}`, ...options });

describe('IndexedDB store bounds', () => {
  it('caps entries per namespace, dropping the oldest', async () => {
    const store = await open({ maxEntriesPerNamespace: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set('learner:x', key, key, 60);
    expect(await store.get('learner:x', 'a')).toBeUndefined();
    expect(await store.get('learner:x', 'd')).toBe('d');
    expect((await store.stats()).entries).toBe(3);
    await store.close();
  });

  it('keeps one namespace within its own byte budget, so one learner cannot push the others out', async () => {
    const store = await open({ maxBytes: 100_000, maxBytesPerNamespace: 10_000 });
    await store.set('learner:quiet', 'k', 'v', hour);
    for (let i = 0; i < 60; i++) await store.set('learner:greedy', `k${i}`, 'x'.repeat(1000), hour);
    expect((await store.stats()).bytes).toBeLessThan(10_000 + 1000);
    expect(await store.get('learner:greedy', 'k59')).toBe('x'.repeat(1000));
    expect(await store.get('learner:greedy', 'k0')).toBeUndefined();
    expect(await store.get('learner:quiet', 'k')).toBe('v');
    await store.close();
  });

  it('stays within its byte and entry budgets, evicting the oldest entry of the least recently used namespace', async () => {
    const maxBytes = 20_000;
    const store = await open({ maxBytes, maxEntries: 40 });
    await store.set('learner:active', 'k', 'v', hour);
    for (let i = 0; i < 80; i++) {
      await store.set(`learner:${i}`, 'k', 'x'.repeat(500), hour);
      if (i % 10 === 0) await store.get('learner:active', 'k');
      const stats = await store.stats();
      expect(stats.bytes).toBeLessThanOrEqual(maxBytes);
      expect(stats.entries).toBeLessThanOrEqual(40);
    }
    expect(await store.get('learner:active', 'k')).toBe('v');
    expect(await store.get('learner:0', 'k')).toBeUndefined();
    expect(await store.get('learner:79', 'k')).toBe('x'.repeat(500));
    await store.close();
  });

  it('gives every byte back when entries go, and sweeps expired ones when it opens', async () => {
    let now = 0;
    const name = `test-${randomBytes(6).toString('hex')}`;
    const store = await openIndexedDbStore({ name, now: () => now });
    await store.set('learner:x', 'short', 1, 10);
    await store.append('learner:x', 'trace', ['a', 'b'], { maxItems: 10, maxBytes: 1 << 20, ttlSeconds: hour });
    await store.delete('learner:x', 'short');
    await store.clear('learner:x');
    expect(await store.stats()).toEqual({ entries: 0, bytes: 0, namespaces: 0 });
    await store.set('learner:y', 'short', 1, 10);
    await store.close();
    now = 20_000;
    const reopened = await openIndexedDbStore({ name, now: () => now });
    expect(await reopened.stats()).toEqual({ entries: 0, bytes: 0, namespaces: 0 });
    await reopened.close();
  });
});

describe('a Service Worker stopped and started again', () => {
  it('finds its values, logs and signing keys in the same database', async () => {
    const name = `test-${randomBytes(6).toString('hex')}`;
    const first = await openIndexedDbStore({ name });
    await first.set('learner:x', 'code:1', { client_id: 'web-app' }, hour);
    await first.append('learner:x', 'trace', ['event'], { maxItems: 10, maxBytes: 1 << 20, ttlSeconds: hour });
    const keys = await sharedSigningKeys(first);
    await first.close();

    const second = await openIndexedDbStore({ name });
    expect(await second.get('learner:x', 'code:1')).toEqual({ client_id: 'web-app' });
    expect(await readLog(second, 'learner:x', 'trace')).toEqual({ items: [{ seq: 1, value: 'event' }], last: 1 });
    expect((await sharedSigningKeys(second)).jwks).toEqual(keys.jwks);
    await second.close();
  });

  it('publishes the same JWKS from a new server on the same database', async () => {
    const name = `test-${randomBytes(6).toString('hex')}`;
    const jwks = async () => {
      const store = await openIndexedDbStore({ name });
      const response = await createAuthServer({ store }).handle(new Request(new URL(ENDPOINTS.jwks, ORIGIN)));
      expect(response.status).toBe(200);
      const body = await response.json();
      await store.close();
      return body;
    };
    const before = await jwks();
    expect(before.keys).toHaveLength(2);
    expect(await jwks()).toEqual(before);
  });
});
