import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonLength, oneByteJson, utf8Length } from '../../src/authserver/store/bytes';
import { MemoryStore } from '../../src/authserver/store/memory';
import { readLog } from '../../src/authserver/store/log';
import { MAX_EVENT_BYTES, MAX_RECORDED_TEXT, MAX_TRACE_BYTES, MAX_TRACE_EVENTS } from '../../src/authserver/trace';
import type { CheckEvent, ExchangeEvent, TraceEvent } from '../../src/trace/events';
import { get, learnerCookie, newServer, postForm } from './helpers';

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

  it('a full namespace gives up its expired entries before its live ones, also once some have expired since the last look', async () => {
    let now = 0;
    const store = new MemoryStore({ maxEntriesPerNamespace: 3, now: () => now });
    await store.set('learner:x', 'long', 'kept', 3600);
    await store.set('learner:x', 'short-1', 1, 10);
    await store.set('learner:x', 'short-2', 2, 20);
    now = 15_000; // short-1 has expired; the namespace is full
    await store.set('learner:x', 'new-1', 'n1', 3600);
    expect(await store.get('learner:x', 'long')).toBe('kept');
    expect(await store.get('learner:x', 'short-2')).toBe(2);
    now = 25_000; // short-2 has expired too
    await store.set('learner:x', 'new-2', 'n2', 3600);
    expect(await store.get('learner:x', 'long')).toBe('kept');
    expect(await store.get('learner:x', 'new-1')).toBe('n1');
    expect(await store.get('learner:x', 'new-2')).toBe('n2');
    // Nothing has expired now: the oldest live entry makes room.
    await store.set('learner:x', 'new-3', 'n3', 3600);
    expect(await store.get('learner:x', 'long')).toBeUndefined();
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

  it('keeps values and log items with characters above U+00FF escaped (one byte each in memory), counts them as kept, reads them back unchanged', async () => {
    const store = new MemoryStore();
    const value = { password: '••••••(9 characters)', detail: 'the server’s own page', emoji: '😀' };
    await store.set('learner:x', 'wide', value, 60);
    expect(await store.get('learner:x', 'wide')).toEqual(value);
    // Counted as the escaped JSON it keeps: more than its UTF-8 bytes as sent, never less than its memory.
    expect(store.stats().bytes).toBeGreaterThanOrEqual(utf8Length('v:wide') + utf8Length(oneByteJson(JSON.stringify(value))));
    await store.append('learner:x', 'log', [value, 'plain'], { maxItems: 10, maxBytes: 10_000, ttlSeconds: 60 });
    expect((await readLog(store, 'learner:x', 'log')).items).toEqual([
      { seq: 1, value },
      { seq: 2, value: 'plain' },
    ]);
  });

  it('keeps a log of wide characters within its namespace budget, dropping its oldest items, though they fit its UTF-8 bound', async () => {
    const store = new MemoryStore({ maxBytesPerNamespace: 10_000 });
    const item = '•'.repeat(1000); // 3,000 bytes of UTF-8, 6,000 escaped
    for (let i = 0; i < 3; i++) await store.append('learner:x', 'log', [item], { maxItems: 10, maxBytes: 9_500, ttlSeconds: 60 });
    const { items, last } = await readLog(store, 'learner:x', 'log');
    expect(last).toBe(3);
    expect(items.map(({ seq }) => seq)).toEqual([3]);
    expect(store.stats().bytes).toBeLessThanOrEqual(10_000);
  });

  it('counts the UTF-8 bytes of each key and JSON value, and gives them back on delete', async () => {
    const store = new MemoryStore();
    await store.set('learner:x', 'small', 1, 60);
    const base = store.stats().bytes;
    const value = { text: 'é'.repeat(1000) };
    await store.set('learner:x', 'big', value, 60);
    expect(store.stats().bytes - base).toBeGreaterThanOrEqual(utf8Length('big') + jsonLength(value));
    expect(store.stats().bytes - base).toBeLessThan(utf8Length('big') + jsonLength(value) + 200);
    await store.delete('learner:x', 'big');
    expect(store.stats().bytes).toBe(base);
    await store.delete('learner:x', 'small');
    expect(store.stats()).toEqual({ entries: 0, bytes: 0, namespaces: 0 });
  });

  it('stays within its byte budget, evicting the oldest entry of the least recently used namespace', async () => {
    const maxBytes = 50_000;
    const store = new MemoryStore({ maxBytes });
    await store.set('learner:active', 'k', 'v', 3600);
    for (let i = 0; i < 500; i++) {
      await store.set(`learner:${i}`, 'k', 'x'.repeat(1000), 3600);
      if (i % 10 === 0) await store.get('learner:active', 'k');
      expect(store.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(await store.get('learner:active', 'k')).toBe('v');
    expect(await store.get('learner:0', 'k')).toBeUndefined();
    expect(await store.get('learner:499', 'k')).toBe('x'.repeat(1000));
  });

  it('keeps one namespace within its own byte budget, so one learner cannot push the others out', async () => {
    const store = new MemoryStore({ maxBytes: 100_000, maxBytesPerNamespace: 10_000 });
    await store.set('learner:quiet', 'k', 'v', 3600);
    for (let i = 0; i < 100; i++) await store.set('learner:greedy', `k${i}`, 'x'.repeat(1000), 3600);
    expect(store.stats().bytes).toBeLessThan(10_000 + 1000);
    expect(await store.get('learner:greedy', 'k99')).toBe('x'.repeat(1000));
    expect(await store.get('learner:greedy', 'k0')).toBeUndefined();
    expect(await store.get('learner:quiet', 'k')).toBe('v');
  });

  describe('with fake timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('sweeps expired entries on a timer, without any read, until closed', async () => {
      vi.useFakeTimers();
      const store = new MemoryStore({ sweepIntervalMs: 1000 });
      for (let i = 0; i < 100; i++) await store.set(`learner:${i}`, 'code', i, 1);
      await store.set('learner:stays', 'clock', 0, 3600);
      expect(store.stats().entries).toBe(101);
      vi.advanceTimersByTime(2000);
      expect(store.stats()).toMatchObject({ entries: 1, namespaces: 1 });
      await store.close();
      await store.set('learner:after', 'code', 1, 1);
      vi.advanceTimersByTime(5000);
      expect(store.stats().entries).toBe(2);
      expect(vi.getTimerCount()).toBe(0);
    });
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

  it('bounds the store however many learners come and go', { timeout: 30_000 }, async () => {
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

describe('bounded bytes through the handler', () => {
  const oversized = (i: number) => ({
    body: { grant_type: 'authorization_code', code: `${i}-${'c'.repeat(40_000)}`, client_id: `web-app${'é'.repeat(2000)}`, redirect_uri: 'r'.repeat(2000) },
    headers: {
      'x-long': 'l'.repeat(20_000),
      ...Object.fromEntries(Array.from({ length: 40 }, (_, h) => [`x-filler-${h}`, `"\\${'h'.repeat(3000)}`])),
    },
  });

  it('keeps the store under its byte budget with 10,000 learners and oversized requests', async () => {
    const maxBytes = 4 * 1024 * 1024;
    const store = new MemoryStore({ maxBytes });
    const server = newServer({ store });
    for (let i = 0; i < 10_000; i++) {
      const cookie = await learnerCookie(server);
      const { body, headers } = oversized(i);
      if (i % 200 === 0) await postForm(server, '/oauth/token', body, { cookie, headers });
      else if (i % 50 === 0) await get(server, `/oauth/jwks?${'q'.repeat(10_000)}`, { cookie, headers });
      else await get(server, '/oauth/jwks', { cookie });
      if (i % 250 === 0) expect(store.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    expect(store.stats().bytes).toBeLessThanOrEqual(maxBytes);
    expect(store.stats().bytes).toBeGreaterThan(maxBytes / 2); // it is used, not emptied
  }, 60_000);

  it('bounds every event and every trace in bytes, however much one learner sends', async () => {
    const store = new MemoryStore();
    const server = newServer({ store });
    const cookie = await learnerCookie(server);
    for (let i = 0; i < 100; i++) {
      const { body, headers } = oversized(i);
      await postForm(server, '/oauth/token', body, { cookie, headers });
    }
    const { items } = await readLog<TraceEvent>(store, `learner:${cookie.split('=')[1]}`, 'trace');
    const sizes = items.map((item) => jsonLength(item));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_TRACE_BYTES);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    const exchange = items.map((item) => item.value).find((e): e is ExchangeEvent => e.type === 'exchange')!;
    expect(exchange.request.method).toBe('POST');
    expect(exchange.response.status).toBe(401);
    expect(jsonLength(exchange.request.headers)).toBeLessThanOrEqual(MAX_RECORDED_TEXT + 300);
    const checks = items.map((item) => item.value).filter((e): e is CheckEvent => e.type === 'check');
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      expect(jsonLength(check.detail ?? '')).toBeLessThanOrEqual(MAX_RECORDED_TEXT + 2);
      expect(jsonLength(check.inputs)).toBeLessThanOrEqual(8192 + 300);
    }
    expect(store.stats().bytes).toBeLessThan(MAX_TRACE_BYTES + 64 * 1024);
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
