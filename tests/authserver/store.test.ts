import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/authserver/store/memory';
import { get, learnerCookie, newServer, postForm } from './helpers';
import { MAX_TRACE_EVENTS } from '../../src/authserver/trace';

describe('memory store', () => {
  it('forgets entries after their TTL', async () => {
    let now = 0;
    const store = new MemoryStore({ now: () => now });
    await store.set('ns', 'a', 1, 10);
    expect(await store.get('ns', 'a')).toBe(1);
    now = 10_000;
    expect(await store.get('ns', 'a')).toBeUndefined();
    expect(store.entryCount).toBe(0);
  });

  it('setIfAbsent claims a key only once', async () => {
    const store = new MemoryStore();
    expect(await store.setIfAbsent('ns', 'k', 1, 60)).toBe(true);
    expect(await store.setIfAbsent('ns', 'k', 2, 60)).toBe(false);
    expect(await store.get('ns', 'k')).toBe(1);
  });

  it('caps entries per namespace, dropping the oldest', async () => {
    const store = new MemoryStore({ maxEntriesPerNamespace: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set('learner:x', key, key, 60);
    expect(await store.get('learner:x', 'a')).toBeUndefined();
    expect(await store.get('learner:x', 'd')).toBe('d');
    expect(store.entryCount).toBe(3);
  });

  it('stays under the hard cap however many namespaces come and go, evicting the least recently used', async () => {
    const store = new MemoryStore({ maxEntries: 100, maxEntriesPerNamespace: 10 });
    await store.set('learner:active', 'k', 'v', 3600);
    for (let i = 0; i < 1000; i++) {
      await store.set(`learner:${i}`, 'k', i, 3600);
      if (i % 50 === 0) await store.get('learner:active', 'k');
      expect(store.entryCount).toBeLessThanOrEqual(100);
    }
    expect(store.namespaceCount).toBeLessThanOrEqual(100);
    expect(await store.get('learner:active', 'k')).toBe('v');
    expect(await store.get('learner:0', 'k')).toBeUndefined();
  });

  it('clears one namespace without touching others', async () => {
    const store = new MemoryStore();
    await store.set('a', 'k', 1, 60);
    await store.set('b', 'k', 2, 60);
    await store.clear('a');
    expect(await store.get('a', 'k')).toBeUndefined();
    expect(await store.get('b', 'k')).toBe(2);
  });
});

describe('bounded server memory', () => {
  it('keeps at most MAX_TRACE_EVENTS per learner', async () => {
    const server = newServer();
    const cookie = await learnerCookie(server);
    for (let i = 0; i < MAX_TRACE_EVENTS + 20; i++) await get(server, '/oauth/jwks', { cookie });
    const { events, next } = (await (await get(server, '/oauth/lab/trace', { cookie })).json()) as { events: { seq: number }[]; next: number };
    expect(events).toHaveLength(MAX_TRACE_EVENTS);
    expect(next).toBe(MAX_TRACE_EVENTS + 20);
    expect(events[0]!.seq).toBe(21);
  });

  it('bounds the store however many learners come and go', async () => {
    const store = new MemoryStore({ maxEntries: 200 });
    const server = newServer({ store });
    for (let i = 0; i < 300; i++) {
      await postForm(server, '/oauth/token', { grant_type: 'client_credentials' }, {
        cookie: await learnerCookie(server),
        headers: { authorization: `Basic ${Buffer.from('reporting-service:reporting-service-secret').toString('base64')}` },
      });
    }
    expect(store.entryCount).toBeLessThanOrEqual(200);
  });
});

describe('bounded trace entries', () => {
  it('cuts long values in recorded requests and check inputs', async () => {
    const server = newServer();
    const cookie = await learnerCookie(server);
    const huge = 'x'.repeat(50_000);
    await postForm(server, '/oauth/token', { grant_type: 'authorization_code', code: huge, client_id: 'spa' }, { cookie });
    const text = await (await get(server, '/oauth/lab/trace', { cookie })).text();
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain('(50000 characters)');
  });
});
