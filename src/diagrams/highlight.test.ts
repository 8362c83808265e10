import { describe, expect, it } from 'vitest';
import { offsetToShow } from './highlight.ts';

describe('offsetToShow (how far the diagram scrolls to reveal the current step)', () => {
  it('does not scroll when the message is already in view', () => {
    expect(offsetToShow(120, 300, 100, 500)).toBe(0);
  });

  it('scrolls back to show a message left of (or above) the view', () => {
    expect(offsetToShow(40, 200, 100, 500)).toBe(-60);
  });

  it('scrolls forward just enough to show a message right of (or below) the view', () => {
    expect(offsetToShow(450, 620, 100, 500)).toBe(120);
  });

  it('aligns the start of a message wider than the view', () => {
    expect(offsetToShow(700, 1400, 100, 500)).toBe(600);
  });
});
