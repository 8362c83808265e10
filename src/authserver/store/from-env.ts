/**
 * Picks the store from the environment, for the production entry: with `REDIS_URL` set, Redis
 * (connected and pinged before this resolves, so a wrong URL stops the server at start with a
 * clear message); without it, the in-memory store.
 */
import { MemoryStore } from './memory';
import type { Store } from './types';

export async function openStore(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Store> {
  const url = env.REDIS_URL?.trim();
  if (!url) return new MemoryStore();
  // Loaded only when asked for, so the in-memory default never loads the Redis client.
  const { connectRedisStore } = await import('./redis');
  return connectRedisStore(url);
}
