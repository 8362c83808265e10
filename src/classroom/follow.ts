/**
 * What a follower's walk-through does to reach the instructor's step. Pure: the binder sends the
 * resulting event to the walk-through's machine and asks again once it has settled.
 */
import type { FlowDefinition } from '../flows/types';

export type FollowMove =
  /** Already there, or busy running a step: wait. */
  | { kind: 'wait' }
  /** Run forward to (and including) this step, in the learner's own namespace. */
  | { kind: 'run-to'; stepId: string }
  /** One step back (repeat until there). */
  | { kind: 'back' }
  /** The instructor started over. */
  | { kind: 'reset' };

export interface FollowerPosition {
  /** Steps the follower's walk-through has run. */
  completed: number;
  /** Whether it is waiting for input (not running a step, restoring or resetting). */
  settled: boolean;
  /** Whether the run ended early (an error or a denial): it cannot go forward from here. */
  ended: boolean;
}

/** The next move towards `target` (the number of steps the instructor has run). */
export function followMove(flow: FlowDefinition, position: FollowerPosition, target: number): FollowMove {
  if (!position.settled) return { kind: 'wait' };
  const goal = Math.max(0, Math.min(target, flow.steps.length));
  if (goal === position.completed) return { kind: 'wait' };
  if (goal === 0) return { kind: 'reset' };
  if (goal < position.completed) return { kind: 'back' };
  if (position.ended) return { kind: 'back' };
  return { kind: 'run-to', stepId: flow.steps[goal - 1]!.id };
}
