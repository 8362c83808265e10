/**
 * A learner's lab switches, kept in their namespace like the clock (same TTL). The public namespace
 * has none: a client without a learner id always gets every defence, whatever any learner set.
 */
import { CLOCK_TTL_SECONDS } from './clock';
import { PUBLIC_NAMESPACE, type RequestContext } from './context';
import { DEFAULT_LAB_SWITCHES, type LabSwitchId, type LabSwitchSettings, type LabSwitchValue } from './lab-switches';
import type { Store } from './store/types';

const SWITCHES_KEY = 'lab-switches';

export async function readLabSwitches(store: Store, namespace: string): Promise<LabSwitchSettings> {
  if (namespace === PUBLIC_NAMESPACE) return { ...DEFAULT_LAB_SWITCHES };
  const stored = await store.get<Partial<LabSwitchSettings>>(namespace, SWITCHES_KEY);
  return { ...DEFAULT_LAB_SWITCHES, ...stored };
}

/** Stores the learner's switches with the given changes applied; returns them all. Never the public namespace. */
export async function writeLabSwitches(store: Store, namespace: string, changes: Partial<LabSwitchSettings>): Promise<LabSwitchSettings> {
  if (namespace === PUBLIC_NAMESPACE) throw new TypeError('the public namespace has no lab switches');
  const next = { ...(await readLabSwitches(store, namespace)), ...changes };
  await store.set<LabSwitchSettings>(namespace, SWITCHES_KEY, next, CLOCK_TTL_SECONDS);
  return next;
}

/** Turns every defence of the namespace back on. */
export async function resetLabSwitches(store: Store, namespace: string): Promise<void> {
  if (namespace !== PUBLIC_NAMESPACE) await store.delete(namespace, SWITCHES_KEY);
}

/** One switch of the request's learner ('on' for the public namespace). */
export async function labSwitch(ctx: RequestContext, id: LabSwitchId): Promise<LabSwitchValue> {
  return (await readLabSwitches(ctx.store, ctx.namespace))[id];
}
