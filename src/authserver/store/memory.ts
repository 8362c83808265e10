import type { Store } from './types';

export interface MemoryStoreOptions {
  /** Hard cap on entries across all namespaces; the least recently used namespace loses its oldest entry first. */
  maxEntries?: number;
  /** Cap on entries in one namespace, so one learner cannot push everybody else out. */
  maxEntriesPerNamespace?: number;
  /** Cap for the shared `public` namespace used by plain clients. */
  maxEntriesPublic?: number;
  /** Clock for TTLs, in epoch milliseconds (real time, not a learner's clock). */
  now?: () => number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * In-memory store with TTLs and hard caps. Namespaces are kept in least-recently-used
 * order; entries inside a namespace in insertion order, so eviction drops the oldest.
 */
export class MemoryStore implements Store {
  private readonly namespaces = new Map<string, Map<string, Entry>>();
  private size = 0;
  private operations = 0;
  private readonly maxEntries: number;
  private readonly maxEntriesPerNamespace: number;
  private readonly maxEntriesPublic: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 50_000;
    this.maxEntriesPerNamespace = options.maxEntriesPerNamespace ?? 500;
    this.maxEntriesPublic = options.maxEntriesPublic ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of live entries (for tests and the benchmark). */
  get entryCount(): number {
    return this.size;
  }

  get namespaceCount(): number {
    return this.namespaces.size;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const entries = this.touch(namespace);
    const entry = entries?.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(namespace, entries!, key);
      return undefined;
    }
    return entry.value as T;
  }

  async set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void> {
    this.write(namespace, key, value, ttlSeconds);
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean> {
    if ((await this.get(namespace, key)) !== undefined) return false;
    this.write(namespace, key, value, ttlSeconds);
    return true;
  }

  async delete(namespace: string, key: string): Promise<void> {
    const entries = this.namespaces.get(namespace);
    if (entries) this.remove(namespace, entries, key);
  }

  async clear(namespace: string): Promise<void> {
    const entries = this.namespaces.get(namespace);
    if (!entries) return;
    this.size -= entries.size;
    this.namespaces.delete(namespace);
  }

  private write(namespace: string, key: string, value: unknown, ttlSeconds: number): void {
    if (++this.operations % 1000 === 0) this.sweepExpired();
    let entries = this.touch(namespace);
    if (!entries) {
      entries = new Map();
      this.namespaces.set(namespace, entries);
    }
    if (entries.has(key)) {
      entries.delete(key); // re-insert so insertion order stays "oldest first"
      this.size--;
    }
    const cap = namespace === 'public' ? this.maxEntriesPublic : this.maxEntriesPerNamespace;
    if (entries.size >= cap) this.dropExpired(namespace, entries);
    while (entries.size >= cap) this.remove(namespace, entries, entries.keys().next().value!);
    while (this.size >= this.maxEntries) this.evictLeastRecentlyUsed(namespace);
    // Eviction may have emptied (and so dropped) this namespace: put it back as most recently used.
    if (this.namespaces.get(namespace) !== entries) this.namespaces.set(namespace, entries);
    entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    this.size++;
  }

  /** Marks a namespace as recently used (moves it to the end of the LRU order). */
  private touch(namespace: string): Map<string, Entry> | undefined {
    const entries = this.namespaces.get(namespace);
    if (entries) {
      this.namespaces.delete(namespace);
      this.namespaces.set(namespace, entries);
    }
    return entries;
  }

  private remove(namespace: string, entries: Map<string, Entry>, key: string): void {
    if (entries.delete(key)) this.size--;
    if (entries.size === 0) this.namespaces.delete(namespace);
  }

  private evictLeastRecentlyUsed(writing: string): void {
    for (const [namespace, entries] of this.namespaces) {
      if (namespace === writing && this.namespaces.size > 1) continue;
      const oldest = entries.keys().next().value;
      if (oldest !== undefined) this.remove(namespace, entries, oldest);
      else this.namespaces.delete(namespace);
      return;
    }
  }

  private dropExpired(namespace: string, entries: Map<string, Entry>): void {
    const now = this.now();
    for (const [key, entry] of entries) if (entry.expiresAt <= now) this.remove(namespace, entries, key);
  }

  private sweepExpired(): void {
    for (const [namespace, entries] of [...this.namespaces]) this.dropExpired(namespace, entries);
  }
}
