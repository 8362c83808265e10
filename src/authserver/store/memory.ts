import { logItemBytes, logItemJson, measuredJson, oneByteJson, toJson, utf8Length } from './bytes';
import { LocalChannels, type MessageListener, type PubSub } from './pubsub';
import type { LogBounds, Store } from './types';

export interface MemoryStoreOptions {
  /** Budget for everything the store holds, in bytes; the least recently used namespace loses its oldest entry first. */
  maxBytes?: number;
  /** Budget for one namespace, in bytes, so one learner cannot push everybody else out. */
  maxBytesPerNamespace?: number;
  /** Budget for the shared `public` namespace used by plain clients. */
  maxBytesPublic?: number;
  /** Largest value accepted, as JSON bytes. */
  maxValueBytes?: number;
  /** Hard cap on entries across all namespaces. */
  maxEntries?: number;
  /** Cap on entries in one namespace. */
  maxEntriesPerNamespace?: number;
  /** Cap on entries in the shared `public` namespace. */
  maxEntriesPublic?: number;
  /** How often expired entries are swept, in milliseconds (0: never, only on access). */
  sweepIntervalMs?: number;
  /** Clock for TTLs, in epoch milliseconds (real time, not a learner's clock). */
  now?: () => number;
}

export const MEMORY_STORE_DEFAULTS = {
  maxBytes: 64 * 1024 * 1024,
  maxBytesPerNamespace: 1024 * 1024,
  maxBytesPublic: 8 * 1024 * 1024,
  maxEntries: 50_000,
  maxEntriesPerNamespace: 500,
  maxEntriesPublic: 10_000,
  sweepIntervalMs: 60_000,
} as const;

/** What an entry (or a namespace) costs beyond its key and JSON: the Map slot, the object and the string's header, roughly. */
const ENTRY_OVERHEAD_BYTES = 64;
/** What one item of a log costs beyond its JSON: its object, its slot in the array and the string's header. */
const LOG_ITEM_OVERHEAD_BYTES = 48;

/**
 * One log item: its JSON as kept (`oneByteJson`), what it costs against the budgets, and the UTF-8 bytes
 * of its JSON as sent, which the log's own bounds count (as every store counts them, `LogBounds`).
 */
interface LogEntryItem {
  seq: number;
  json: string;
  bytes: number;
  cost: number;
}

/**
 * `cost` is what the entry holds, counted against the budgets: the UTF-8 bytes of its JSON as kept, one
 * byte per character in memory (`oneByteJson`), so never less than the memory it takes, plus the
 * objects around it.
 */
type Entry =
  | { kind: 'value'; json: string; cost: number; expiresAt: number }
  | { kind: 'log'; items: LogEntryItem[]; last: number; bytes: number; cost: number; expiresAt: number };

/**
 * The namespace's oldest key, for eviction, which removes it. A Map keeps insertion order, but asking it
 * for its first key anew steps over every slot deleted since its table was last compacted: in a full
 * namespace, where each write evicts one entry, that is a long scan per write. A kept iterator resumes
 * where it stopped (a Map iterator skips deleted entries and sees those added after it), so each slot
 * is passed once. @see ECMA-262 §24.1.5.1 (CreateMapIterator)
 */
function oldestKey(ns: Namespace): string {
  let next = ns.oldest?.next();
  if (!next || next.done) {
    ns.oldest = ns.entries.keys();
    next = ns.oldest.next();
  }
  return next.value as string;
}

interface Namespace {
  /** Keyed `v:<key>` for values and `l:<key>` for logs, oldest first. */
  entries: Map<string, Entry>;
  /** Where eviction stopped in `entries` (see `oldestKey`). */
  oldest?: Iterator<string>;
  /** Its entries' bytes plus its own name and overhead. */
  bytes: number;
  /**
   * No entry expires before this time (it may be earlier than the true earliest, never later): a full
   * namespace looks for expired entries only once one can be there, not on every write.
   */
  earliestExpiry: number;
}

export interface StoreStats {
  entries: number;
  /** The bytes the store counts against its budget. */
  bytes: number;
  namespaces: number;
}

/**
 * In-memory store with TTLs and byte budgets. Namespaces are kept in least-recently-used
 * order, entries inside a namespace in insertion order, so eviction drops the oldest entry of
 * the namespace used longest ago. Values are kept as JSON text, exactly as Redis keeps them.
 */
export class MemoryStore implements Store, PubSub {
  private readonly namespaces = new Map<string, Namespace>();
  private readonly channels = new LocalChannels();
  private entries = 0;
  private bytes = 0;
  private readonly options: Required<Omit<MemoryStoreOptions, 'now' | 'maxValueBytes'>> & { maxValueBytes?: number };
  private readonly now: () => number;
  private readonly sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    const { now, ...limits } = options;
    this.options = { ...MEMORY_STORE_DEFAULTS, ...limits };
    this.now = now ?? (() => Date.now());
    if (this.options.sweepIntervalMs > 0) {
      this.sweeper = setInterval(() => this.sweepExpired(), this.options.sweepIntervalMs);
      // A timer must not keep a process (or a test run) alive.
      (this.sweeper as { unref?: () => void }).unref?.();
    }
  }

  /** The store's own accounting, for tests and the benchmark. */
  stats(): StoreStats {
    return { entries: this.entries, bytes: this.bytes, namespaces: this.namespaces.size };
  }

  /** Number of live entries. */
  get entryCount(): number {
    return this.entries;
  }

  get namespaceCount(): number {
    return this.namespaces.size;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const entry = this.read(namespace, `v:${key}`);
    return entry?.kind === 'value' ? (JSON.parse(entry.json) as T) : undefined;
  }

  async set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void> {
    const json = oneByteJson(toJson(value, this.options.maxValueBytes));
    this.write(namespace, `v:${key}`, { kind: 'value', json, cost: utf8Length(json), expiresAt: this.expiry(ttlSeconds) });
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean> {
    if (this.read(namespace, `v:${key}`)) return false;
    await this.set(namespace, key, value, ttlSeconds);
    return true;
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.remove(namespace, `v:${key}`);
  }

  async clear(namespace: string): Promise<void> {
    const ns = this.namespaces.get(namespace);
    if (!ns) return;
    this.entries -= ns.entries.size;
    this.dropNamespace(namespace, ns);
  }

  async append<T>(namespace: string, key: string, items: readonly T[], bounds: LogBounds): Promise<number> {
    const previous = this.read(namespace, `l:${key}`);
    const log = previous?.kind === 'log' ? previous : undefined;
    let last = log?.last ?? 0;
    // A new array with the old totals carried on: `write` takes the entry it replaces off by that entry's own cost.
    const kept = log ? log.items.slice() : [];
    let bytes = log?.bytes ?? 0;
    let cost = log?.cost ?? 0;
    for (const item of items) {
      const seq = ++last;
      const sent = measuredJson(item, this.options.maxValueBytes);
      const escaped = oneByteJson(sent.json);
      const json = logItemJson(seq, escaped);
      const itemBytes = logItemBytes(seq, sent.bytes);
      const itemCost = (escaped === sent.json ? itemBytes : utf8Length(json)) + LOG_ITEM_OVERHEAD_BYTES;
      kept.push({ seq, json, bytes: itemBytes, cost: itemCost });
      bytes += itemBytes;
      cost += itemCost;
    }
    // Escaped, a log of wide characters costs more than its UTF-8 bytes: it also keeps within its namespace's budget.
    const room = this.namespaceBudget(namespace).maxBytes - utf8Length(`l:${key}`) - ENTRY_OVERHEAD_BYTES;
    let drop = 0;
    while (drop < kept.length && (kept.length - drop > bounds.maxItems || bytes > bounds.maxBytes || cost > room)) {
      bytes -= kept[drop]!.bytes;
      cost -= kept[drop]!.cost;
      drop++;
    }
    if (drop > 0) kept.splice(0, drop);
    this.write(namespace, `l:${key}`, { kind: 'log', items: kept, last, bytes, cost, expiresAt: this.expiry(bounds.ttlSeconds) });
    return last;
  }

  async readLogJson(namespace: string, key: string, after = 0): Promise<{ items: string[]; last: number }> {
    const entry = this.read(namespace, `l:${key}`);
    if (entry?.kind !== 'log') return { items: [], last: 0 };
    // Items are in order of their numbers: only the newer ones are looked at.
    let first = entry.items.length;
    while (first > 0 && entry.items[first - 1]!.seq > after) first--;
    return { items: entry.items.slice(first).map((item) => item.json), last: entry.last };
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /** Delivers to this process's listeners, after the publisher's own code has run (as Redis would). */
  async publish(channel: string, message: string): Promise<void> {
    queueMicrotask(() => this.channels.deliver(channel, message));
  }

  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    this.channels.add(channel, listener);
    return async () => void this.channels.remove(channel, listener);
  }

  /** Forgets every expired entry; runs on a timer, so memory of learners who left is given back. */
  sweepExpired(): void {
    const now = this.now();
    for (const [name, ns] of [...this.namespaces]) {
      for (const [key, entry] of ns.entries) if (entry.expiresAt <= now) this.remove(name, key);
    }
  }

  private expiry(ttlSeconds: number): number {
    return this.now() + ttlSeconds * 1000;
  }

  /** The live entry, marking its namespace as recently used. */
  private read(namespace: string, key: string): Entry | undefined {
    const ns = this.touch(namespace);
    const entry = ns?.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(namespace, key);
      return undefined;
    }
    return entry;
  }

  private write(namespace: string, key: string, entry: Entry): void {
    this.remove(namespace, key);
    const cost = entryCost(key, entry);
    const { maxEntries, maxBytes } = this.namespaceBudget(namespace);
    if (cost > maxBytes) throw new RangeError(`an entry of ${cost} bytes does not fit the namespace budget of ${maxBytes} bytes`);

    let ns = this.touch(namespace);
    if (ns && (ns.entries.size >= maxEntries || ns.bytes + cost > maxBytes)) this.dropExpired(namespace, ns);
    while (ns && ns.entries.size > 0 && (ns.entries.size >= maxEntries || ns.bytes + cost > maxBytes)) {
      this.remove(namespace, oldestKey(ns));
    }
    const namespaceCost = utf8Length(namespace) + ENTRY_OVERHEAD_BYTES;
    const needed = () => cost + (this.namespaces.has(namespace) ? 0 : namespaceCost);
    while (this.namespaces.size > 0 && (this.entries >= this.options.maxEntries || this.bytes + needed() > this.options.maxBytes)) {
      this.evictLeastRecentlyUsed(namespace);
    }
    // Eviction may have emptied (and so dropped) this namespace: put it back as most recently used.
    ns = this.namespaces.get(namespace);
    if (!ns) {
      ns = { entries: new Map(), bytes: namespaceCost, earliestExpiry: Infinity };
      this.namespaces.set(namespace, ns);
      this.bytes += ns.bytes;
    }
    ns.entries.set(key, entry);
    ns.earliestExpiry = Math.min(ns.earliestExpiry, entry.expiresAt);
    ns.bytes += cost;
    this.bytes += cost;
    this.entries++;
  }

  /** The bounds of one namespace: the shared `public` one has its own. */
  private namespaceBudget(namespace: string): { maxEntries: number; maxBytes: number } {
    return namespace === 'public'
      ? { maxEntries: this.options.maxEntriesPublic, maxBytes: this.options.maxBytesPublic }
      : { maxEntries: this.options.maxEntriesPerNamespace, maxBytes: this.options.maxBytesPerNamespace };
  }

  /** Marks a namespace as recently used (moves it to the end of the LRU order). */
  private touch(namespace: string): Namespace | undefined {
    const ns = this.namespaces.get(namespace);
    if (ns) {
      this.namespaces.delete(namespace);
      this.namespaces.set(namespace, ns);
    }
    return ns;
  }

  private remove(namespace: string, key: string): void {
    const ns = this.namespaces.get(namespace);
    const entry = ns?.entries.get(key);
    if (!ns || !entry) return;
    const cost = entryCost(key, entry);
    ns.entries.delete(key);
    ns.bytes -= cost;
    this.bytes -= cost;
    this.entries--;
    if (ns.entries.size === 0) this.dropNamespace(namespace, ns);
  }

  private dropNamespace(namespace: string, ns: Namespace): void {
    this.bytes -= ns.bytes;
    this.namespaces.delete(namespace);
  }

  /** Drops the oldest entry of the least recently used namespace, sparing the one being written while others exist. */
  private evictLeastRecentlyUsed(writing: string): void {
    for (const [namespace, ns] of this.namespaces) {
      if (namespace === writing && this.namespaces.size > 1) continue;
      this.remove(namespace, oldestKey(ns));
      return;
    }
  }

  private dropExpired(namespace: string, ns: Namespace): void {
    const now = this.now();
    if (ns.earliestExpiry > now) return;
    let earliest = Infinity;
    for (const [key, entry] of ns.entries) {
      if (entry.expiresAt <= now) this.remove(namespace, key);
      else earliest = Math.min(earliest, entry.expiresAt);
    }
    ns.earliestExpiry = earliest;
  }
}

function entryCost(key: string, entry: Entry): number {
  return utf8Length(key) + entry.cost + ENTRY_OVERHEAD_BYTES;
}
