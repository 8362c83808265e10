/**
 * What the classroom needs of a walk-through: where it is, how its steps ran, when it changes, and a
 * way to move it. Kept apart from the binder so the binder never sees the machine's events.
 */
import type { Actor, SnapshotFrom } from 'xstate';
import type { WalkthroughMachine } from '../walkthrough/machine';
import { choiceOf, isDecisionChoice, type StepChoices } from './choices';
import type { FollowerPosition, FollowMove } from './follow';

export interface WalkthroughPort {
  position(): FollowerPosition;
  subscribe(listener: () => void): void;
  /** Moves the walk-through as a follower must (runs the real steps in the learner's own namespace). */
  move(move: FollowMove): void;
}

export function walkthroughPort(actor: Actor<WalkthroughMachine>): WalkthroughPort {
  /** The choice each completed step ran with, in order (`null`: its default). */
  let ran: (string | null)[] = [];
  /** The step running now and the choice handed to its effect. */
  let running: { index: number; choice: string | null } | null = null;

  const track = (snapshot: SnapshotFrom<WalkthroughMachine>) => {
    const { completed, steps, decision, action, learner } = snapshot.context;
    if (snapshot.matches('running')) running = { index: completed, choice: choiceOf(steps[completed], decision, action) };
    if (completed < ran.length) ran = ran.slice(0, completed);
    for (let index = ran.length; index < completed; index++) {
      // A decision answered inside the browser frame reaches the effect as no decision: its result says which.
      const answered = choiceOf(steps[index], learner.decision === 'deny' ? 'deny' : null, null);
      ran.push(running?.index === index ? (running.choice ?? answered) : answered);
    }
  };
  track(actor.getSnapshot());
  actor.subscribe(track);

  return {
    position() {
      const snapshot = actor.getSnapshot();
      const settled = snapshot.matches('ready') || snapshot.matches('finished');
      const { completed, steps, outcome } = snapshot.context;
      const choices: StepChoices = Object.fromEntries(ran.flatMap((choice, index) => (choice ? [[steps[index]!.id, choice]] : [])));
      return { completed, settled, ended: outcome !== null, choices };
    },
    subscribe(listener) {
      actor.subscribe(listener);
    },
    move(move) {
      if (move.kind === 'run-to') actor.send({ type: 'learner.runTo', stepId: move.stepId });
      else if (move.kind === 'choose') {
        const step = actor.getSnapshot().context.steps.find((candidate) => candidate.id === move.stepId);
        if (step && isDecisionChoice(step, move.choice)) actor.send({ type: 'learner.decide', decision: move.choice });
        else actor.send({ type: 'learner.act', action: move.choice });
      } else if (move.kind === 'back') actor.send({ type: 'learner.back' });
      else if (move.kind === 'reset') actor.send({ type: 'learner.reset' });
    },
  };
}
