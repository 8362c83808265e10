/**
 * What the classroom needs of a walk-through: where it is, when it changes, and a way to move it.
 * Kept apart from the binder so the binder never sees the machine's events.
 */
import type { Actor } from 'xstate';
import type { WalkthroughMachine } from '../walkthrough/machine';
import type { FollowerPosition, FollowMove } from './follow';

export interface WalkthroughPort {
  position(): FollowerPosition;
  subscribe(listener: () => void): void;
  /** Moves the walk-through as a follower must (runs the real steps in the learner's own namespace). */
  move(move: FollowMove): void;
}

export function walkthroughPort(actor: Actor<WalkthroughMachine>): WalkthroughPort {
  return {
    position() {
      const snapshot = actor.getSnapshot();
      const settled = snapshot.matches('ready') || snapshot.matches('finished');
      return { completed: snapshot.context.completed, settled, ended: snapshot.context.outcome !== null };
    },
    subscribe(listener) {
      actor.subscribe(listener);
    },
    move(move) {
      if (move.kind === 'run-to') actor.send({ type: 'learner.runTo', stepId: move.stepId });
      else if (move.kind === 'back') actor.send({ type: 'learner.back' });
      else if (move.kind === 'reset') actor.send({ type: 'learner.reset' });
    },
  };
}
