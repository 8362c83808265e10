import { describe, expect, it } from 'vitest';
import { fitJson, fitText } from './bounded';
import { jsonLength, utf8Length } from './store/bytes';

describe('fitText', () => {
  it('keeps a text that fits and cuts a longer one, saying how long it was', () => {
    expect(fitText('short', 100)).toBe('short');
    const cut = fitText('x'.repeat(10_000), 100);
    expect(utf8Length(cut)).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/^x+… \(10000 characters\)$/);
  });

  it('changes nothing when cutting twice', () => {
    const cut = fitText('é'.repeat(10_000), 500);
    expect(fitText(cut, 500)).toBe(cut);
  });

  it('never splits a character: two-byte letters and four-byte emoji stay whole', () => {
    for (const unit of ['é', '🦊', 'a🦊']) {
      for (let max = 30; max < 40; max++) {
        const cut = fitText(unit.repeat(50), max);
        expect(utf8Length(cut)).toBeLessThanOrEqual(max);
        expect(cut).not.toMatch(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
      }
    }
  });

  it('bounds the JSON of a text full of escapes, not only its UTF-8', () => {
    const cut = fitText('\u0001"\\'.repeat(5000), 1000);
    expect(jsonLength(cut)).toBeLessThanOrEqual(1002);
  });
});

describe('fitJson', () => {
  it('keeps earlier members first and replaces the rest by one note once the budget is spent', () => {
    const headers = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`x-header-${i}`, 'v'.repeat(100)]));
    const fitted = fitJson(headers, 2000);
    expect(jsonLength(fitted)).toBeLessThanOrEqual(2000 + 100);
    expect(fitted['x-header-0']).toBe('v'.repeat(100));
    expect(fitted['…']).toMatch(/^\d+ more not recorded$/);
    expect(Object.keys(fitted).length).toBeLessThan(100);
  });

  it('cuts every string of a nested value to maxText', () => {
    const fitted = fitJson({ a: ['y'.repeat(5000)], b: { c: 'z'.repeat(5000) } }, Number.POSITIVE_INFINITY, 100);
    expect(utf8Length(fitted.a[0]!)).toBeLessThanOrEqual(100);
    expect(utf8Length(fitted.b.c)).toBeLessThanOrEqual(100);
  });
});
