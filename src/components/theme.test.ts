import { describe, expect, it } from 'vitest';
import { effectiveTheme } from './theme';

describe('effectiveTheme', () => {
  it('follows the system preference when the reader has not chosen', () => {
    expect(effectiveTheme(undefined, true)).toBe('dark');
    expect(effectiveTheme(null, false)).toBe('light');
  });

  it('lets an explicit choice win over the system preference', () => {
    expect(effectiveTheme('light', true)).toBe('light');
    expect(effectiveTheme('dark', false)).toBe('dark');
  });

  it('ignores an unknown stored value', () => {
    expect(effectiveTheme('sepia', true)).toBe('dark');
  });
});
