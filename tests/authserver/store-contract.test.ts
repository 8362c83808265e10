/**
 * The `Store` contract, run against every implementation: the in-memory store, Redis (a real
 * redis-server this file starts) and IndexedDB (the static site's, on fake-indexeddb). Where two
 * server instances matter, the Redis suite uses two clients of one Redis and the IndexedDB suite two
 * connections to one database (two tabs, or a Service Worker and its successor); the memory suite,
 * having one process, uses the same store twice.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { logItemJson, utf8Length } from '../../src/authserver/store/bytes';
import { openIndexedDbStore } from '../../src/authserver/store/indexeddb';
import { logItemSeq, readLog } from '../../src/authserver/store/log';
import { MemoryStore } from '../../src/authserver/store/memory';
import { openStore } from '../../src/authserver/store/from-env';
import { connectRedisStore, RedisStore } from '../../src/authserver/store/redis';
import type { Store } from '../../src/authserver/store/types';
import { startRedisServer, type RedisServer } from './redis-server';

interface Subject {
  /** Two handles on one store, as two server instances would hold. */
  stores: [Store, Store];
  /** Lets `ms` pass for TTLs. */
  advance(ms: number): Promise<void>;
}

let redis: RedisServer | undefined;
const opened: Store[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  await redis?.stop();
});

const subjects: { name: string; open(): Promise<Subject> }[] = [
  {
    name: 'MemoryStore',
    async open() {
      let now = 1_000_000;
      const store = new MemoryStore({ now: () => now });
      opened.push(store);
      return { stores: [store, store], advance: async (ms) => void (now += ms) };
    },
  },
  {
    name: 'RedisStore',
    async open() {
      // A prefix per test keeps tests apart inside the one redis-server.
      const prefix = `test-${randomBytes(6).toString('hex')}:`;
      const stores: [Store, Store] = [await connectRedisStore(redis!.url, { prefix }), await connectRedisStore(redis!.url, { prefix })];
      opened.push(...stores);
      return { stores, advance: (ms) => sleep(ms) };
    },
  },
  {
    name: 'IndexedDbStore',
    async open() {
      let now = 1_000_000;
      const name = `test-${randomBytes(6).toString('hex')}`;
      const stores: [Store, Store] = [await openIndexedDbStore({ name, now: () => now }), await openIndexedDbStore({ name, now: () => now })];
      opened.push(...stores);
      return { stores, advance: async (ms) => void (now += ms) };
    },
  },
];

const hour = 3600;
const bounds = (maxItems: number, maxBytes = 1 << 20, ttlSeconds = hour) => ({ maxItems, maxBytes, ttlSeconds });

describe.each(subjects)('Store contract: $name', ({ open }) => {
  it('returns what was set, as JSON data, and undefined for a missing key', async () => {
    const { stores: [store] } = await open();
    const value = { client_id: 'web-app', scope: 'profile', n: 3, nested: { list: [1, 'two', null] }, é: '🦊' };
    await store.set('learner:a', 'code:1', value, hour);
    expect(await store.get('learner:a', 'code:1')).toEqual(value);
    expect(await store.get('learner:a', 'code:2')).toBeUndefined();
  });

  it('overwrites on set and forgets on delete', async () => {
    const { stores: [store] } = await open();
    await store.set('learner:a', 'k', 1, hour);
    await store.set('learner:a', 'k', 2, hour);
    expect(await store.get('learner:a', 'k')).toBe(2);
    await store.delete('learner:a', 'k');
    expect(await store.get('learner:a', 'k')).toBeUndefined();
  });

  it('forgets an entry after its TTL, and setIfAbsent can claim the key again', async () => {
    const { stores: [store], advance } = await open();
    await store.set('learner:a', 'short', 'v', 1);
    await store.set('learner:a', 'long', 'v', hour);
    expect(await store.setIfAbsent('learner:a', 'claim', 'first', 1)).toBe(true);
    expect(await store.get('learner:a', 'short')).toBe('v');
    await advance(1100);
    expect(await store.get('learner:a', 'short')).toBeUndefined();
    expect(await store.get('learner:a', 'long')).toBe('v');
    expect(await store.setIfAbsent('learner:a', 'claim', 'second', hour)).toBe(true);
    expect(await store.get('learner:a', 'claim')).toBe('second');
  });

  it('lets exactly one of many concurrent setIfAbsent calls from two instances win', async () => {
    const { stores } = await open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.setIfAbsent('learner:a', 'code-used:x', `grant-${i}`, hour)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await stores[1].get('learner:a', 'code-used:x')).toBe(`grant-${results.indexOf(true)}`);
  });

  it('clears one namespace, values and logs, without touching another', async () => {
    const { stores: [store, other] } = await open();
    await store.set('learner:a', 'k', 'a', hour);
    await store.append('learner:a', 'trace', ['event'], bounds(10));
    await store.set('learner:b', 'k', 'b', hour);
    await other.clear('learner:a');
    expect(await store.get('learner:a', 'k')).toBeUndefined();
    expect(await readLog(store, 'learner:a', 'trace')).toEqual({ items: [], last: 0 });
    expect(await store.get('learner:b', 'k')).toBe('b');
    await store.set('learner:a', 'k', 'again', hour);
    expect(await store.get('learner:a', 'k')).toBe('again');
  });

  it('keeps namespaces apart even when names and keys look alike', async () => {
    const { stores: [store] } = await open();
    await store.set('learner:a', 'b:c', 1, hour);
    await store.set('learner:a:b', 'c', 2, hour);
    await store.set('learner:{a}', 'gen', 3, hour);
    await store.set('public', 'learner:a:b:c', 4, hour);
    expect(await store.get('learner:a', 'b:c')).toBe(1);
    expect(await store.get('learner:a:b', 'c')).toBe(2);
    expect(await store.get('learner:{a}', 'gen')).toBe(3);
    expect(await store.get('public', 'learner:a:b:c')).toBe(4);
    expect(await store.get('learner:b', 'b:c')).toBeUndefined();
    await store.clear('learner:a');
    expect(await store.get('learner:a:b', 'c')).toBe(2);
  });

  it('gives logs their own key space', async () => {
    const { stores: [store] } = await open();
    await store.set('learner:a', 'trace', 'a value', hour);
    await store.append('learner:a', 'trace', ['an item'], bounds(10));
    expect(await store.get('learner:a', 'trace')).toBe('a value');
    await store.delete('learner:a', 'trace');
    expect((await readLog(store, 'learner:a', 'trace')).items).toEqual([{ seq: 1, value: 'an item' }]);
  });

  it('numbers appended items once each, in order, when two instances append at the same time', async () => {
    const { stores } = await open();
    const lasts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 2]!.append('learner:a', 'trace', [`${i}.1`, `${i}.2`, `${i}.3`], bounds(100))),
    );
    const { items, last } = await readLog<string>(stores[0], 'learner:a', 'trace');
    expect(last).toBe(60);
    expect(new Set(lasts).size).toBe(20);
    expect(items.map((item) => item.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // Each call's three items got consecutive numbers, ending at the number the call returned.
    for (const end of lasts) {
      const call = items[end - 1]!.value.split('.')[0];
      expect(items.slice(end - 3, end).map((item) => item.value)).toEqual([`${call}.1`, `${call}.2`, `${call}.3`]);
    }
  });

  it('keeps the newest maxItems of a log, numbering on; maxItems 0 empties it and the numbering survives', async () => {
    const { stores: [store] } = await open();
    for (let i = 1; i <= 30; i++) await store.append('learner:a', 'trace', [i], bounds(10));
    let log = await readLog<number>(store, 'learner:a', 'trace');
    expect(log.last).toBe(30);
    expect(log.items.map((item) => item.value)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(await store.append('learner:a', 'trace', [], bounds(0))).toBe(30);
    expect(await readLog(store, 'learner:a', 'trace')).toEqual({ items: [], last: 30 });
    expect(await store.append('learner:a', 'trace', ['after'], bounds(10))).toBe(31);
    log = await readLog<number>(store, 'learner:a', 'trace');
    expect(log.items).toEqual([{ seq: 31, value: 'after' }]);
  });

  it('reads only the items numbered above `after`, with the last number either way', async () => {
    const { stores } = await open();
    for (let i = 1; i <= 12; i++) await stores[i % 2]!.append('learner:a', 'trace', [{ n: i, note: i % 3 ? 'plain' : 'wide ✓' }], bounds(10));
    for (const store of stores) {
      const newer = await readLog<{ n: number }>(store, 'learner:a', 'trace', 9);
      expect(newer).toEqual({ items: [10, 11, 12].map((n) => ({ seq: n, value: { n, note: n % 3 ? 'plain' : 'wide ✓' } })), last: 12 });
      expect(await readLog(store, 'learner:a', 'trace', 12)).toEqual({ items: [], last: 12 });
      // Below what was trimmed away: what is kept, from item 3.
      expect((await readLog<{ n: number }>(store, 'learner:a', 'trace', 1)).items.map((item) => item.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    }
  });

  it('reads a log as the JSON it keeps, each item `{"seq":n,"value":…}` with its log number, the same on every instance', async () => {
    const { stores } = await open();
    const values = [{ n: 1, detail: 'the server’s “own” page', quote: '"\\' }, 'text', [1, null]];
    await stores[0]!.append('learner:a', 'trace', values, bounds(10));
    for (const store of stores) {
      const { items, last } = await store.readLogJson('learner:a', 'trace', 1);
      expect(last).toBe(3);
      expect(items.map((item) => logItemSeq(item))).toEqual([2, 3]);
      expect(items.map((item) => JSON.parse(item))).toEqual([{ seq: 2, value: 'text' }, { seq: 3, value: [1, null] }]);
      expect(JSON.parse((await store.readLogJson('learner:a', 'trace')).items[0]!)).toEqual({ seq: 1, value: values[0] });
      expect(await store.readLogJson('learner:b', 'trace')).toEqual({ items: [], last: 0 });
    }
  });

  it('keeps a log within maxBytes, counting each item as the UTF-8 length of its JSON', async () => {
    const { stores: [store] } = await open();
    const item = 'é'.repeat(100); // 200 bytes of UTF-8
    const bytesOf = (seq: number) => utf8Length(logItemJson(seq, JSON.stringify(item)));
    const maxBytes = 1000;
    for (let i = 0; i < 20; i++) await store.append('learner:a', 'trace', [item], bounds(100, maxBytes));
    const { items, last } = await readLog<string>(store, 'learner:a', 'trace');
    const kept = items.reduce((sum, { seq }) => sum + bytesOf(seq), 0);
    expect(last).toBe(20);
    expect(items.at(-1)!.seq).toBe(20);
    expect(kept).toBeLessThanOrEqual(maxBytes);
    // Only as many were dropped as needed: the next older one would not have fitted.
    expect(kept + bytesOf(items[0]!.seq - 1)).toBeGreaterThan(maxBytes);
  });

  it('forgets a log after its TTL', async () => {
    const { stores: [store], advance } = await open();
    await store.append('learner:a', 'trace', ['x'], bounds(10, 1 << 20, 1));
    await advance(1100);
    expect(await readLog(store, 'learner:a', 'trace')).toEqual({ items: [], last: 0 });
  });

  it('refuses a value larger than its limit with a RangeError and stays usable', async () => {
    const { stores: [store] } = await open();
    await expect(store.set('learner:a', 'big', 'x'.repeat(70 * 1024), hour)).rejects.toThrow(RangeError);
    await expect(store.append('learner:a', 'trace', ['x'.repeat(70 * 1024)], bounds(10))).rejects.toThrow(RangeError);
    expect(await store.get('learner:a', 'big')).toBeUndefined();
    await store.set('learner:a', 'small', 'ok', hour);
    expect(await store.get('learner:a', 'small')).toBe('ok');
  });
});

describe('connectRedisStore', () => {
  it('rejects at once with a clear message when REDIS_URL cannot be reached, hiding the password', async () => {
    // Port 1 on loopback: nothing listens there.
    await expect(connectRedisStore('redis://user:hunter2@127.0.0.1:1')).rejects.toThrow(
      /^Cannot use REDIS_URL redis:\/\/user:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/,
    );
  });
});

describe('openStore', () => {
  it('uses the in-memory store without REDIS_URL', async () => {
    const store = await openStore({});
    opened.push(store);
    expect(store).toBeInstanceOf(MemoryStore);
  });

  it('uses Redis with REDIS_URL, shared by every store opened on it', async () => {
    const [a, b] = [await openStore({ REDIS_URL: redis!.url }), await openStore({ REDIS_URL: redis!.url })];
    opened.push(a, b);
    expect(a).toBeInstanceOf(RedisStore);
    await a.set('learner:shared', 'k', 'from a', 60);
    expect(await b.get('learner:shared', 'k')).toBe('from a');
  });

  it('fails at start, not on a request, when REDIS_URL is unreachable', async () => {
    await expect(openStore({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(/^Cannot use REDIS_URL redis:\/\/127\.0\.0\.1:1/);
  });
});
