/**
 * The store of the static site's server, which runs in a Service Worker: browsers stop an idle
 * worker at any time, so everything it keeps (keys, codes, tokens, grants, clocks, traces, learner
 * ids) lives in IndexedDB and a restarted worker finds it where it was. Bounded like the in-memory
 * store: a byte and entry budget per namespace and for the whole database, the oldest entry of the
 * least recently used namespace going first. Every operation is one IndexedDB read-write
 * transaction over the three object stores, so operations never interleave (two tabs, or a worker
 * and its successor, see one consistent store).
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { logItemJson, toJson, utf8Length } from './bytes';
import type { LogBounds, Store } from './types';

export interface IndexedDbStoreOptions {
  /** The database's name; one per site. */
  name?: string;
  maxBytes?: number;
  maxBytesPerNamespace?: number;
  maxBytesPublic?: number;
  maxEntries?: number;
  maxEntriesPerNamespace?: number;
  maxEntriesPublic?: number;
  /** Clock for TTLs, in epoch milliseconds (real time, not a learner's clock). */
  now?: () => number;
}

/** One browser holds one learner (and the shared `public` namespace): smaller totals than the server's memory store. */
export const INDEXEDDB_STORE_DEFAULTS = {
  name: 'oauth-sequence-lab',
  maxBytes: 16 * 1024 * 1024,
  maxBytesPerNamespace: 1024 * 1024,
  maxBytesPublic: 4 * 1024 * 1024,
  maxEntries: 5_000,
  maxEntriesPerNamespace: 500,
  maxEntriesPublic: 2_000,
} as const;

/** What an entry (or a namespace) costs beyond its key and JSON, as the memory store counts it. */
const ENTRY_OVERHEAD_BYTES = 64;

type LogRow = { seq: number; json: string; bytes: number };
interface EntryRow {
  ns: string;
  /** `v:<key>` for values, `l:<key>` for logs. */
  key: string;
  /** Write order across the database: the oldest entry of a namespace has the lowest. */
  order: number;
  expiresAt: number;
  /** Key, JSON and overhead, counted against the budgets. */
  cost: number;
  json?: string;
  items?: LogRow[];
  last?: number;
}
interface NamespaceRow {
  name: string;
  entries: number;
  bytes: number;
  /** Last use, in the same counter as `order`: the lowest is the least recently used. */
  used: number;
}
interface Totals {
  entries: number;
  bytes: number;
  counter: number;
}

interface LabDb extends DBSchema {
  entries: { key: [string, string]; value: EntryRow; indexes: { byAge: [string, number] } };
  namespaces: { key: string; value: NamespaceRow; indexes: { byUse: number } };
  meta: { key: 'totals'; value: Totals };
}

type Tx = IDBPTransaction<LabDb, ('entries' | 'namespaces' | 'meta')[], 'readwrite'>;

export async function openIndexedDbStore(options: IndexedDbStoreOptions = {}): Promise<IndexedDbStore> {
  const { now, ...limits } = options;
  const settings = { ...INDEXEDDB_STORE_DEFAULTS, ...limits };
  const db = await openDB<LabDb>(settings.name, 1, {
    upgrade(db) {
      db.createObjectStore('entries', { keyPath: ['ns', 'key'] }).createIndex('byAge', ['ns', 'order']);
      db.createObjectStore('namespaces', { keyPath: 'name' }).createIndex('byUse', 'used');
      db.createObjectStore('meta');
    },
  });
  const store = new IndexedDbStore(db, settings, now ?? (() => Date.now()));
  await store.sweepExpired();
  return store;
}

export class IndexedDbStore implements Store {
  constructor(
    private readonly db: IDBPDatabase<LabDb>,
    private readonly limits: Required<Omit<IndexedDbStoreOptions, 'name' | 'now'>>,
    private readonly now: () => number,
  ) {}

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const row = await this.run((tx) => this.read(tx, namespace, `v:${key}`));
    return row?.json !== undefined ? (JSON.parse(row.json) as T) : undefined;
  }

  async set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void> {
    const json = toJson(value);
    await this.run((tx) => this.write(tx, namespace, `v:${key}`, { json, expiresAt: this.expiry(ttlSeconds) }, utf8Length(json)));
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean> {
    const json = toJson(value);
    return this.run(async (tx) => {
      if (await this.read(tx, namespace, `v:${key}`)) return false;
      await this.write(tx, namespace, `v:${key}`, { json, expiresAt: this.expiry(ttlSeconds) }, utf8Length(json));
      return true;
    });
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.run((tx) => this.remove(tx, namespace, `v:${key}`));
  }

  async clear(namespace: string): Promise<void> {
    await this.run(async (tx) => {
      const range = IDBKeyRange.bound([namespace, -Infinity], [namespace, Infinity]);
      for (const key of await tx.objectStore('entries').index('byAge').getAllKeys(range)) await this.remove(tx, key[0], key[1]);
    });
  }

  async append<T>(namespace: string, key: string, items: readonly T[], bounds: LogBounds): Promise<number> {
    const jsons = items.map((item) => toJson(item));
    return this.run(async (tx) => {
      const previous = await this.read(tx, namespace, `l:${key}`);
      let last = previous?.last ?? 0;
      const kept = [...(previous?.items ?? [])];
      for (const json of jsons) {
        const seq = ++last;
        const text = logItemJson(seq, json);
        kept.push({ seq, json: text, bytes: utf8Length(text) });
      }
      let bytes = kept.reduce((sum, item) => sum + item.bytes, 0);
      while (kept.length > 0 && (kept.length > bounds.maxItems || bytes > bounds.maxBytes)) bytes -= kept.shift()!.bytes;
      await this.write(tx, namespace, `l:${key}`, { items: kept, last, expiresAt: this.expiry(bounds.ttlSeconds) }, bytes);
      return last;
    });
  }

  async readLogJson(namespace: string, key: string, after = 0): Promise<{ items: string[]; last: number }> {
    const row = await this.run((tx) => this.read(tx, namespace, `l:${key}`));
    if (!row?.items) return { items: [], last: 0 };
    return { items: row.items.filter((item) => item.seq > after).map((item) => item.json), last: row.last ?? 0 };
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** The store's own accounting, for tests. */
  async stats(): Promise<{ entries: number; bytes: number; namespaces: number }> {
    const totals = await this.db.get('meta', 'totals');
    return { entries: totals?.entries ?? 0, bytes: totals?.bytes ?? 0, namespaces: await this.db.count('namespaces') };
  }

  /** Forgets every expired entry; runs when the store opens (each time the worker starts). */
  async sweepExpired(): Promise<void> {
    await this.run(async (tx) => {
      const now = this.now();
      for (const row of await tx.objectStore('entries').getAll()) if (row.expiresAt <= now) await this.remove(tx, row.ns, row.key);
    });
  }

  private expiry(ttlSeconds: number): number {
    return this.now() + ttlSeconds * 1000;
  }

  /** Runs `body` in one read-write transaction; a throw aborts it, so nothing half-written stays. */
  private async run<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    const tx = this.db.transaction(['entries', 'namespaces', 'meta'], 'readwrite');
    try {
      const result = await body(tx);
      await tx.done;
      return result;
    } catch (err) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      await tx.done.catch(() => undefined);
      throw err;
    }
  }

  private async totals(tx: Tx): Promise<Totals> {
    return (await tx.objectStore('meta').get('totals')) ?? { entries: 0, bytes: 0, counter: 0 };
  }

  private async tick(tx: Tx): Promise<number> {
    const totals = await this.totals(tx);
    totals.counter++;
    await tx.objectStore('meta').put(totals, 'totals');
    return totals.counter;
  }

  /** The live entry, marking its namespace as recently used. */
  private async read(tx: Tx, namespace: string, key: string): Promise<EntryRow | undefined> {
    const ns = await tx.objectStore('namespaces').get(namespace);
    if (ns) await tx.objectStore('namespaces').put({ ...ns, used: await this.tick(tx) });
    const row = await tx.objectStore('entries').get([namespace, key]);
    if (!row) return undefined;
    if (row.expiresAt <= this.now()) {
      await this.remove(tx, namespace, key);
      return undefined;
    }
    return row;
  }

  private async write(
    tx: Tx,
    namespace: string,
    key: string,
    content: Pick<EntryRow, 'json' | 'items' | 'last' | 'expiresAt'>,
    contentBytes: number,
  ): Promise<void> {
    await this.remove(tx, namespace, key);
    const cost = utf8Length(key) + contentBytes + ENTRY_OVERHEAD_BYTES;
    const isPublic = namespace === 'public';
    const maxEntries = isPublic ? this.limits.maxEntriesPublic : this.limits.maxEntriesPerNamespace;
    const maxBytes = isPublic ? this.limits.maxBytesPublic : this.limits.maxBytesPerNamespace;
    if (cost > maxBytes) throw new RangeError(`an entry of ${cost} bytes does not fit the namespace budget of ${maxBytes} bytes`);

    const namespaces = tx.objectStore('namespaces');
    const full = (ns: NamespaceRow | undefined) => ns !== undefined && ns.entries > 0 && (ns.entries >= maxEntries || ns.bytes + cost > maxBytes);
    if (full(await namespaces.get(namespace))) await this.dropExpired(tx, namespace);
    while (full(await namespaces.get(namespace))) await this.dropOldest(tx, namespace);

    const namespaceCost = utf8Length(namespace) + ENTRY_OVERHEAD_BYTES;
    for (;;) {
      const totals = await this.totals(tx);
      const needed = cost + ((await namespaces.get(namespace)) ? 0 : namespaceCost);
      if (totals.entries < this.limits.maxEntries && totals.bytes + needed <= this.limits.maxBytes) break;
      if (!(await this.evictLeastRecentlyUsed(tx, namespace))) break;
    }

    const order = await this.tick(tx);
    const totals = await this.totals(tx);
    const ns = (await namespaces.get(namespace)) ?? { name: namespace, entries: 0, bytes: namespaceCost, used: order };
    if (ns.entries === 0) totals.bytes += namespaceCost;
    await namespaces.put({ ...ns, entries: ns.entries + 1, bytes: ns.bytes + cost, used: order });
    await tx.objectStore('entries').put({ ns: namespace, key, order, cost, ...content });
    await tx.objectStore('meta').put({ ...totals, entries: totals.entries + 1, bytes: totals.bytes + cost }, 'totals');
  }

  private async remove(tx: Tx, namespace: string, key: string): Promise<void> {
    const entries = tx.objectStore('entries');
    const row = await entries.get([namespace, key]);
    if (!row) return;
    await entries.delete([namespace, key]);
    const namespaces = tx.objectStore('namespaces');
    const ns = (await namespaces.get(namespace))!;
    const totals = await this.totals(tx);
    totals.entries--;
    totals.bytes -= row.cost;
    if (ns.entries <= 1) {
      // Its last entry: the namespace itself goes, and its own cost with it.
      await namespaces.delete(namespace);
      totals.bytes -= ns.bytes - row.cost;
    } else {
      await namespaces.put({ ...ns, entries: ns.entries - 1, bytes: ns.bytes - row.cost });
    }
    await tx.objectStore('meta').put(totals, 'totals');
  }

  private async dropOldest(tx: Tx, namespace: string): Promise<void> {
    const range = IDBKeyRange.bound([namespace, -Infinity], [namespace, Infinity]);
    const oldest = await tx.objectStore('entries').index('byAge').getKey(range);
    if (oldest) await this.remove(tx, oldest[0], oldest[1]);
  }

  private async dropExpired(tx: Tx, namespace: string): Promise<void> {
    const range = IDBKeyRange.bound([namespace, -Infinity], [namespace, Infinity]);
    const now = this.now();
    for (const row of await tx.objectStore('entries').index('byAge').getAll(range)) if (row.expiresAt <= now) await this.remove(tx, row.ns, row.key);
  }

  /** Drops the oldest entry of the least recently used namespace, sparing the one being written while others exist. */
  private async evictLeastRecentlyUsed(tx: Tx, writing: string): Promise<boolean> {
    const names = await tx.objectStore('namespaces').index('byUse').getAllKeys(undefined, 2);
    const victim = names.find((name) => name !== writing) ?? names[0];
    if (victim === undefined) return false;
    await this.dropOldest(tx, victim);
    return true;
  }
}
