/**
 * The store in Redis, so several server instances share learners: values as JSON strings with
 * Redis TTLs, logs as Redis lists. Each operation is one Lua script, so it is atomic however many
 * instances write at once. Standalone Redis (or one primary): the scripts compute their keys.
 *
 * Keys: `<prefix>{<namespace>}:gen` holds the namespace's generation; every entry of the
 * namespace lives under `<prefix>{<namespace>}:g<generation>:`, `v:<key>` for a value, `l:<key>`
 * (a list) and `m:<key>` (last number, bytes) for a log. `clear` increments the generation, so
 * the old keys become unreachable at once and Redis expires them: no `KEYS *`, no scan.
 */
import { Redis } from 'ioredis';
import { MAX_VALUE_BYTES, toJson } from './bytes';
import { logItemSeq } from './log';
import { LocalChannels, type MessageListener, type PubSub } from './pubsub';
import type { LogBounds, Store } from './types';

/** Finds the namespace's current key space; every script starts with it. ARGV[1] is the namespace prefix. */
const SPACE = `
local base = ARGV[1]
local space = base .. 'g' .. (redis.call('GET', base .. 'gen') or '0') .. ':'
`;

const SCRIPTS = {
  oslGet: `${SPACE} return redis.call('GET', space .. 'v:' .. ARGV[2])`,
  oslSet: `${SPACE} redis.call('SET', space .. 'v:' .. ARGV[2], ARGV[3], 'PX', ARGV[4]) return 1`,
  oslSetIfAbsent: `${SPACE} if redis.call('SET', space .. 'v:' .. ARGV[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return 1 end return 0`,
  oslDelete: `${SPACE} return redis.call('DEL', space .. 'v:' .. ARGV[2])`,
  oslClear: `return redis.call('INCR', ARGV[1] .. 'gen')`,
  // ARGV: base, key, ttl ms, max items, max bytes, items' JSON…
  oslAppend: `${SPACE}
local list, meta = space .. 'l:' .. ARGV[2], space .. 'm:' .. ARGV[2]
local count = #ARGV - 5
local last = redis.call('HINCRBY', meta, 'last', count)
local bytes = tonumber(redis.call('HGET', meta, 'bytes') or '0')
for i = 1, count do
  local item = '{"seq":' .. (last - count + i) .. ',"value":' .. ARGV[5 + i] .. '}'
  redis.call('RPUSH', list, item)
  bytes = bytes + #item
end
local length = redis.call('LLEN', list)
local maxItems, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
while length > 0 and (length > maxItems or bytes > maxBytes) do
  bytes = bytes - #redis.call('LPOP', list)
  length = length - 1
end
redis.call('HSET', meta, 'bytes', bytes)
redis.call('PEXPIRE', meta, ARGV[3])
if length > 0 then redis.call('PEXPIRE', list, ARGV[3]) end
return last`,
  oslReadLog: `${SPACE}
local last = redis.call('HGET', space .. 'm:' .. ARGV[2], 'last') or '0'
return { last, redis.call('LRANGE', space .. 'l:' .. ARGV[2], 0, -1) }`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptedRedis = Redis & Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;

export interface RedisStoreOptions {
  /** Prepended to every key, so one Redis can serve several sites (or test runs). */
  prefix?: string;
  /** Largest value accepted, as JSON bytes. */
  maxValueBytes?: number;
}

/** Milliseconds for Redis `PX`: a whole number, at least 1. */
function ttlMs(ttlSeconds: number): number {
  return Math.max(1, Math.ceil(ttlSeconds * 1000));
}

export class RedisStore implements Store, PubSub {
  private readonly redis: ScriptedRedis;
  private readonly prefix: string;
  private readonly maxValueBytes: number;
  /** A connection in subscriber mode can run no other command, so pub/sub has its own, opened on first use. */
  private subscriber: Redis | undefined;
  private readonly channels = new LocalChannels();

  /** Takes a connected client (see `connectRedisStore`), which it closes on `close()`. */
  constructor(redis: Redis, options: RedisStoreOptions = {}) {
    for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    this.redis = redis as ScriptedRedis;
    this.prefix = options.prefix ?? 'osl:';
    this.maxValueBytes = options.maxValueBytes ?? MAX_VALUE_BYTES;
  }

  /** The namespace's own key prefix; encoding keeps `{`, `}` and `:` of a name from reaching another's keys. */
  private base(namespace: string): string {
    return `${this.prefix}{${encodeURIComponent(namespace)}}:`;
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const json = (await this.redis.oslGet(this.base(namespace), key)) as string | null;
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async set<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<void> {
    await this.redis.oslSet(this.base(namespace), key, toJson(value, this.maxValueBytes), ttlMs(ttlSeconds));
  }

  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlSeconds: number): Promise<boolean> {
    return (await this.redis.oslSetIfAbsent(this.base(namespace), key, toJson(value, this.maxValueBytes), ttlMs(ttlSeconds))) === 1;
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.redis.oslDelete(this.base(namespace), key);
  }

  async clear(namespace: string): Promise<void> {
    await this.redis.oslClear(this.base(namespace));
  }

  async append<T>(namespace: string, key: string, items: readonly T[], bounds: LogBounds): Promise<number> {
    const json = items.map((item) => toJson(item, this.maxValueBytes));
    const last = await this.redis.oslAppend(this.base(namespace), key, ttlMs(bounds.ttlSeconds), bounds.maxItems, bounds.maxBytes, ...json);
    return Number(last);
  }

  async readLogJson(namespace: string, key: string, after = 0): Promise<{ items: string[]; last: number }> {
    const [last, items] = (await this.redis.oslReadLog(this.base(namespace), key)) as [string, string[]];
    return { items: items.filter((item) => logItemSeq(item) > after), last: Number(last) };
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private channelKey(channel: string): string {
    return `${this.prefix}ch:${channel}`;
  }

  /** @see https://redis.io/docs/latest/develop/interact/pubsub/ */
  async publish(channel: string, message: string): Promise<void> {
    await this.redis.publish(this.channelKey(channel), message);
  }

  /** One Redis subscription per channel and instance, however many listeners; they are fanned out here. */
  async subscribe(channel: string, listener: MessageListener): Promise<() => Promise<void>> {
    const key = this.channelKey(channel);
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      this.subscriber.on('error', (err: Error) => console.error('[authserver] Redis subscriber:', err.message));
      this.subscriber.on('message', (from: string, message: string) => this.channels.deliver(from, message));
    }
    const subscriber = this.subscriber;
    if (this.channels.add(key, listener)) await subscriber.subscribe(key);
    return async () => {
      if (this.channels.remove(key, listener)) await subscriber.unsubscribe(key).catch(() => undefined);
    };
  }
}

/** `redis://user:secret@host` → `redis://user:***@host`, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an invalid URL)';
  }
}

/**
 * Connects to Redis and pings it; rejects with a clear message when it cannot, so a server
 * with a wrong `REDIS_URL` fails at start, never on a learner's request.
 */
export async function connectRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
  let started = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    // Fail a request after a short outage instead of queueing it for long.
    maxRetriesPerRequest: 2,
    // Before the first connection do not retry (start fails); afterwards reconnect with backoff.
    retryStrategy: (attempt) => (started ? Math.min(attempt * 200, 2000) : null),
  });
  let connectionError: Error | undefined;
  redis.on('error', (err: Error) => {
    if (started) console.error('[authserver] Redis:', err.message);
    else connectionError = err;
  });
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') throw new Error('PING was not answered with PONG');
  } catch (err) {
    redis.disconnect();
    // The socket's own error (ECONNREFUSED, ENOTFOUND, NOAUTH…) says more than "Connection is closed".
    const reason = connectionError ?? err;
    throw new Error(`Cannot use REDIS_URL ${redactedUrl(url)}: ${reason instanceof Error ? reason.message : String(reason)}`, { cause: reason });
  }
  started = true;
  return new RedisStore(redis, options);
}
