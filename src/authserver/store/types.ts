/**
 * Where the server keeps codes, tokens, grants, clocks and traces.
 * Every entry lives in a namespace (one per learner, plus `public`) and has a TTL.
 * Implementations must bound memory: a hard cap on entries however many namespaces
 * come and go. Values are plain JSON data so a shared store (e.g. Redis) can implement this.
 */
export interface Store {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Stores only if the key is absent; `true` when stored. The atomic "claim" behind single-use codes and rotation. */
  setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  /** Forgets every entry of a namespace. */
  clear(namespace: string): Promise<void>;
}
