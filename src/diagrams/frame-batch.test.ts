import { describe, expect, it } from 'vitest';
import { createFrameBatch } from './frame-batch.ts';

/** A frame clock the test advances by hand. */
function frames() {
  const queued: (() => void)[] = [];
  return { request: (callback: () => void) => queued.push(callback), run: () => queued.splice(0).forEach((callback) => callback()), get pending() { return queued.length; } };
}

describe('createFrameBatch (layout reads before writes, once per frame)', () => {
  it('runs nothing until the frame, then every read before any write', () => {
    const clock = frames();
    const batch = createFrameBatch(clock.request);
    const log: string[] = [];
    batch.schedule({}, () => (log.push('read diagram'), () => log.push('scroll diagram')));
    batch.schedule({}, () => (log.push('read inspector'), () => log.push('scroll inspector')));
    expect(log).toEqual([]);
    expect(clock.pending).toBe(1);
    clock.run();
    expect(log).toEqual(['read diagram', 'read inspector', 'scroll diagram', 'scroll inspector']);
  });

  it('keeps only the newest measure of one owner, and asks for a new frame after a flush', () => {
    const clock = frames();
    const batch = createFrameBatch(clock.request);
    const owner = {};
    const log: string[] = [];
    batch.schedule(owner, () => void log.push('step 1'));
    batch.schedule(owner, () => void log.push('step 2'));
    clock.run();
    expect(log).toEqual(['step 2']);
    batch.schedule(owner, () => void log.push('step 3'));
    expect(clock.pending).toBe(1);
    clock.run();
    expect(log).toEqual(['step 2', 'step 3']);
  });
});
