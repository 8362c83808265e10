import { describe, expect, it } from 'vitest';
import { workerCount } from './instances';

describe('workerCount', () => {
  it('runs one process unless WEB_CONCURRENCY says otherwise', () => {
    expect(workerCount({})).toBe(1);
    expect(workerCount({ WEB_CONCURRENCY: ' ' })).toBe(1);
    expect(workerCount({ WEB_CONCURRENCY: '1' })).toBe(1);
  });

  it('runs several workers only when they share a store', () => {
    expect(workerCount({ WEB_CONCURRENCY: '2', REDIS_URL: 'redis://127.0.0.1:6379' })).toBe(2);
    expect(() => workerCount({ WEB_CONCURRENCY: '2' })).toThrow(/set REDIS_URL/);
    expect(() => workerCount({ WEB_CONCURRENCY: '2', REDIS_URL: '  ' })).toThrow(/set REDIS_URL/);
  });

  it.each(['0', '-1', '1.5', 'two', '1000', '02'])('refuses WEB_CONCURRENCY=%s', (value) => {
    expect(() => workerCount({ WEB_CONCURRENCY: value, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/WEB_CONCURRENCY must be/);
  });
});
