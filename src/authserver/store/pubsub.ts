/**
 * A small publish/subscribe port beside the store, for live updates (a class's steps) that every server
 * instance sharing the store must hear. The in-memory store delivers in process; the Redis store uses
 * Redis pub/sub, so a message published by one instance reaches the subscribers of every instance.
 * Messages are fire-and-forget: a subscriber that was not listening misses them, so state that matters
 * lives in the store and a message only says "read it again" (or carries a copy of it).
 */
import type { Store } from './types';

export type MessageListener = (message: string) => void;

export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Listens on `channel` until the returned function is called. */
  subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>>;
}

/** Listeners by channel, for one process: the in-memory store's pub/sub, and the Redis store's local fan-out. */
export class LocalChannels {
  private readonly listeners = new Map<string, Set<MessageListener>>();

  /** Adds a listener; `true` when it is the channel's first (the caller subscribes upstream then). */
  add(channel: string, listener: MessageListener): boolean {
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Removes a listener; `true` when the channel has none left (its memory is freed). */
  remove(channel: string, listener: MessageListener): boolean {
    const set = this.listeners.get(channel);
    if (!set?.delete(listener)) return false;
    if (set.size > 0) return false;
    this.listeners.delete(channel);
    return true;
  }

  deliver(channel: string, message: string): void {
    for (const listener of [...(this.listeners.get(channel) ?? [])]) {
      try {
        listener(message);
      } catch (err) {
        console.error('[authserver] a message listener failed', err);
      }
    }
  }

  get channelCount(): number {
    return this.listeners.size;
  }
}

/** The store's pub/sub, when it has one (the in-memory and Redis stores do). */
export function pubSubOf(store: Store): PubSub | undefined {
  const candidate = store as Partial<PubSub>;
  return typeof candidate.publish === 'function' && typeof candidate.subscribe === 'function' ? (candidate as PubSub) : undefined;
}
