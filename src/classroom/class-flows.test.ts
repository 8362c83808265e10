/** A class can be started on every flow page and every attack lesson page, and nowhere else. */
import { expect, it } from 'vitest';
import { flows } from '../flows';
import { attacks } from '../flows/attacks';
import { CLASS_FLOWS, classFlow } from './class-flows';

it('lists every flow on its /flows/ page and every attack lesson on its /attacks/ page, once each', () => {
  expect(CLASS_FLOWS.map(({ flow }) => flow)).toEqual([...flows, ...attacks]);
  for (const flow of flows) expect(classFlow(flow.slug)?.path).toBe(`/flows/${flow.slug}/`);
  for (const attack of attacks) expect(classFlow(attack.slug)).toEqual({ flow: attack, path: `/attacks/${attack.slug}/` });
  const slugs = CLASS_FLOWS.map(({ flow }) => flow.slug);
  expect(new Set(slugs).size).toBe(slugs.length);
});

it('finds nothing for a slug that is no flow or lesson, or is not a string', () => {
  for (const slug of ['no-such-flow', '', undefined, 42, {}]) expect(classFlow(slug)).toBeUndefined();
});
