import { describe, expect, it } from 'vitest';
import { flows } from '../flows';
import { buildingChoices, recommend } from './building-choices';

describe('recommend', () => {
  it('recommends the first candidate flow that has a page and drops choices without one', () => {
    const choices = [
      { id: 'a', label: 'A', flows: ['missing', 'pkce'] },
      { id: 'b', label: 'B', flows: ['missing'] },
    ];
    const result = recommend(choices, [{ slug: 'pkce' }, { slug: 'authorization-code' }]);
    expect(result.map((r) => [r.choice.id, r.flow.slug])).toEqual([['a', 'pkce']]);
  });

  it('names only flows that exist in the registry', () => {
    const known = new Set(flows.map((f) => f.slug));
    const unknown = buildingChoices.flatMap((c) => c.flows).filter((slug) => !known.has(slug));
    expect(unknown).toEqual([]);
  });
});
