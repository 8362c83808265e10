/**
 * Layout reads, and the writes they decide, run together in the next animation frame: first every
 * read queued for that frame, then every write. A read of layout right after a write (a class
 * toggled, an entry added) makes the browser lay the page out on the spot, a forced synchronous
 * layout; a step's render did that three times (the diagram's arrow, the Inspector's newest entry,
 * the prose section). Batched, the page is laid out once, in the frame that paints the step.
 * Pure scheduling, free of the DOM: the caller passes how to wait for a frame.
 */

/** Reads layout and returns the write it decides on (a scroll), or nothing when none is needed. */
export type Measure = () => (() => void) | void;

export interface FrameBatch {
  /**
   * Runs `measure` in the next frame, its write after every measure of that frame. A later measure for
   * the same `owner` (the same scroll container) replaces an earlier one: only the newest render counts.
   */
  schedule(owner: object, measure: Measure): void;
}

export function createFrameBatch(requestFrame: (callback: () => void) => unknown): FrameBatch {
  let pending: Map<object, Measure> | null = null;
  const flush = () => {
    const measures = [...(pending?.values() ?? [])];
    pending = null;
    const writes = measures.map((measure) => measure());
    for (const write of writes) write?.();
  };
  return {
    schedule(owner, measure) {
      if (!pending) {
        pending = new Map();
        requestFrame(flush);
      }
      pending.set(owner, measure);
    },
  };
}

/** The page's batch, in the browser's animation frames. */
export const nextFrame: FrameBatch = createFrameBatch((callback) => requestAnimationFrame(callback));
