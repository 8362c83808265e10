/**
 * What a follower's walk-through does to reach the instructor's step, run the way the instructor ran
 * it. Pure: the binder sends the resulting event to the walk-through's machine and asks again once it
 * has settled.
 */
import type { FlowDefinition } from '../flows/types';
import { stepsAlike, type StepChoices } from './choices';

export type FollowMove =
  /** Already there, or busy running a step: wait. */
  | { kind: 'wait' }
  /** Run forward to (and including) this step by the steps' defaults, in the learner's own namespace. */
  | { kind: 'run-to'; stepId: string }
  /** Run the next step by the instructor's choice there (a decision, or a learner action). */
  | { kind: 'choose'; stepId: string; choice: string }
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
  /** The non-default choices its completed steps ran with. */
  choices: StepChoices;
}

/** Where the instructor is: how many steps they have run, and how they ran them. */
export interface ClassPosition {
  step: number;
  choices: StepChoices;
}

/** The next move towards the instructor's position. */
export function followMove(flow: FlowDefinition, position: FollowerPosition, target: ClassPosition): FollowMove {
  if (!position.settled) return { kind: 'wait' };
  const goal = Math.max(0, Math.min(target.step, flow.steps.length));
  if (goal === 0) return position.completed === 0 ? { kind: 'wait' } : { kind: 'reset' };
  // Ahead of the instructor, or a step run another way than theirs: back to where both runs agree.
  const shared = Math.min(position.completed, goal);
  if (goal < position.completed || stepsAlike(flow, position.choices, target.choices, shared) < shared) return { kind: 'back' };
  if (goal === position.completed) return { kind: 'wait' };
  if (position.ended) return { kind: 'back' };
  const next = flow.steps[position.completed]!;
  const choice = target.choices[next.id];
  if (choice) return { kind: 'choose', stepId: next.id, choice };
  // Run by default up to the goal, stopping before the next step the instructor ran another way.
  const upcoming = flow.steps.slice(position.completed, goal);
  const chosen = upcoming.findIndex((step) => target.choices[step.id]);
  const last = chosen === -1 ? goal : position.completed + chosen;
  return { kind: 'run-to', stepId: flow.steps[last - 1]!.id };
}
