/**
 * Where the server keeps codes, tokens, grants, clocks, lab switches and traces.
 * Every entry lives in a namespace (one per learner, plus `public`) and has a TTL.
 * Values are plain JSON data, at most MAX_VALUE_BYTES as JSON (larger ones are refused with a
 * RangeError), so the in-memory store and Redis hold exactly the same thing.
 * Implementations bound memory: the in-memory store has a byte budget with least-recently-used
 * eviction; Redis has its own `maxmemory` and every key a TTL.
 */
export interface Store {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Stores only if the key is absent; `true` when stored. The atomic "claim" behind single-use codes and rotation. */
  setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  /** Forgets every entry (values and logs) of a namespace. */
  clear(namespace: string): Promise<void>;
  /**
   * Appends items to a bounded log, atomically, so several server instances can write one log.
   * Items are numbered 1, 2, 3… over the log's whole life (numbering survives trimming); then the
   * oldest items are dropped until at most `maxItems` remain and their JSON sums to at most
   * `maxBytes`. `maxItems: 0` empties the log and keeps the numbering. The TTL restarts.
   * Logs have their own key space: `get`, `set` and `delete` never see them.
   * Returns the number of the last item appended (the latest number when `items` is empty).
   */
  append<T>(namespace: string, key: string, items: readonly T[], bounds: LogBounds): Promise<number>;
  /**
   * The log's items numbered above `after` (default 0: all of them), oldest first, each as the JSON
   * text the store keeps (`logItemJson`: `{"seq":n,"value":<JSON>}`), and the last number it handed
   * out (0 for a log never written). A poller passes the last number it saw, and only newer items are
   * read; `readLog` (`./log.ts`) parses them, and the trace pull sends them without parsing.
   */
  readLogJson(namespace: string, key: string, after?: number): Promise<{ items: string[]; last: number }>;
  /** Stops timers and connections, so a process or a test can exit. */
  close(): Promise<void>;
}

export interface LogBounds {
  maxItems: number;
  /** Budget for the kept items, each counted as the UTF-8 length of `{"seq":n,"value":<JSON>}`. */
  maxBytes: number;
  ttlSeconds: number;
}

export interface LogItem<T> {
  seq: number;
  value: T;
}
