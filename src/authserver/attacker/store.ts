import type { LogBounds, Store } from '../store/types';

/**
 * The same store under a prefix of its own, so a second server instance (the attacker's) keeps
 * its keys, codes and tokens apart from the lab's, in memory as in Redis. Closing is the owner's.
 */
export function prefixedStore(store: Store, prefix: string): Store {
  const ns = (namespace: string) => `${prefix}:${namespace}`;
  return {
    get: <T>(namespace: string, key: string) => store.get<T>(ns(namespace), key),
    set: <T>(namespace: string, key: string, value: T, ttlSeconds: number) => store.set<T>(ns(namespace), key, value, ttlSeconds),
    setIfAbsent: <T>(namespace: string, key: string, value: T, ttlSeconds: number) => store.setIfAbsent<T>(ns(namespace), key, value, ttlSeconds),
    delete: (namespace: string, key: string) => store.delete(ns(namespace), key),
    clear: (namespace: string) => store.clear(ns(namespace)),
    append: <T>(namespace: string, key: string, items: readonly T[], bounds: LogBounds) => store.append<T>(ns(namespace), key, items, bounds),
    readLogJson: (namespace: string, key: string, after?: number) => store.readLogJson(ns(namespace), key, after),
    close: async () => undefined,
  };
}
