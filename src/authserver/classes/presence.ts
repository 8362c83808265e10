/**
 * How many learners follow a class, over every instance: each instance writes its own count in the
 * class's namespace (renewed at every keep-alive, so a stopped instance's count expires) and lists
 * itself once; the total is the sum of the listed instances' counts.
 */
import { readLog } from '../store/log';
import type { Store } from '../store/types';
import { classNamespace, RECORD_KEY } from './record';

/** How long an instance's count stands without being renewed. */
const PRESENCE_TTL_SECONDS = 60;
/** Instances listed per class (each one that has had followers of it). */
const MAX_INSTANCES_PER_CLASS = 64;
const INSTANCES_KEY = 'instances';
const countKey = (instance: string) => `presence:${instance}`;

/** Writes this instance's count; `listed` says whether it is listed already. Returns whether it is now. */
export async function writePresence(store: Store, code: string, instance: string, count: number, listed: boolean, idleSeconds: number): Promise<boolean> {
  const namespace = classNamespace(code);
  if ((await store.get(namespace, RECORD_KEY)) === undefined) return listed; // ended meanwhile: write nothing
  await store.set(namespace, countKey(instance), count, PRESENCE_TTL_SECONDS);
  if (!listed) await store.append(namespace, INSTANCES_KEY, [instance], { maxItems: MAX_INSTANCES_PER_CLASS, maxBytes: 8 * 1024, ttlSeconds: idleSeconds });
  return true;
}

/** The learners following the class through every instance but `instance`. */
export async function otherInstancesCount(store: Store, code: string, instance: string): Promise<number> {
  const namespace = classNamespace(code);
  const { items } = await readLog<string>(store, namespace, INSTANCES_KEY);
  const others = new Set(items.map((item) => item.value).filter((id) => id !== instance));
  let count = 0;
  for (const id of others) count += (await store.get<number>(namespace, countKey(id))) ?? 0;
  return count;
}
