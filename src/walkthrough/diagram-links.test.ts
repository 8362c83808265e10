import { describe, expect, it } from 'vitest';
import { arrowAction } from './diagram-links.ts';

describe('arrowAction (what an arrow of the diagram does once the walk-through runs)', () => {
  it('inspects a step that has run: steps 0…completed-1', () => {
    expect(arrowAction(0, 1)).toBe('inspect');
    expect(arrowAction(7, 8)).toBe('inspect');
  });

  it('offers to run to the next step and any later one', () => {
    expect(arrowAction(8, 8)).toBe('run-to');
    expect(arrowAction(11, 8)).toBe('run-to');
    expect(arrowAction(0, 0)).toBe('run-to');
  });
});
