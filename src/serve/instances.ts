/**
 * How many server processes `npm start` runs: `WEB_CONCURRENCY` workers (default 1) sharing one port
 * through `node:cluster`. Several workers are several instances, so they need a store they share:
 * `REDIS_URL` is required when there is more than one, checked before anything starts.
 */
export function workerCount(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.WEB_CONCURRENCY?.trim();
  if (!raw) return 1;
  if (!/^[1-9]\d{0,2}$/.test(raw)) throw new Error(`WEB_CONCURRENCY must be a whole number from 1 to 999, not ${JSON.stringify(raw)}`);
  const count = Number(raw);
  if (count > 1 && !env.REDIS_URL?.trim()) {
    throw new Error(
      `WEB_CONCURRENCY=${count} runs ${count} instances, and each would keep its own learners in memory: set REDIS_URL so they share one store`,
    );
  }
  return count;
}
