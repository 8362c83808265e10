import type { Actor, SnapshotFrom } from 'xstate';
import type { FlowDefinition } from '../../flows/types';
import { momentOf, type WalkthroughMachine } from '../machine';
import type { ClientRecorder } from '../recorder';
import { lastClientSeq, parseSavedRun, serializeRun, UNUSABLE_RUN_TEXT } from './saved-run';

/** What the resume binding needs of the page. */
export interface ResumePorts {
  root: HTMLElement;
  flow: FlowDefinition;
  actor: Actor<WalkthroughMachine>;
  recorder: ClientRecorder;
  /** Where the browser keeps the run (`localStorage`); null where the browser refuses storage. */
  storage: Storage | null;
  key: string;
  /** The server's learner id now, where the page can read it (null in the static site, whose cookie stays in the worker). */
  learnerId: () => string | null;
}

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Walk-through markup is missing ${selector}`);
  return element;
}

/**
 * Takes up the run an earlier visit of this page kept (before any step runs: call it once the actor
 * has started), says so with "Start again", and keeps the run from then on each time the walk-through
 * settles (a step done, gone back, reset). The serialization is `saved-run.ts`; this only binds it.
 */
export function bindSavedRun(ports: ResumePorts): void {
  const { root, flow, actor, recorder, storage, key, learnerId } = ports;
  const note = required<HTMLElement>(root, '[data-resume-note]');
  const noteText = required<HTMLElement>(note, '[data-resume-note-text]');
  const restart = required<HTMLButtonElement>(note, '[data-resume-restart]');

  let kept = read();
  const saved = parseSavedRun(flow, kept, learnerId());
  /** What the note says: a resumed run (until the walk-through is back at the start), or one that could not be (until a step runs). */
  const shown = saved === null ? null : 'run' in saved ? 'resumed' : 'unusable';
  if (saved && 'run' in saved) {
    recorder.continueAfter(lastClientSeq(saved.run));
    actor.send({ type: 'learner.resume', run: saved.run });
    noteText.textContent = `Resumed at step ${saved.run.completed} of ${flow.steps.length}, where you left this walk-through: its Inspector entries and what the app learned are back. The browser frame loaded its page again, so anything you had typed into it is gone.`;
    restart.closest('p')!.hidden = false;
    note.hidden = false;
  } else if (saved) {
    noteText.textContent = `Your earlier run of this walk-through could not be resumed: ${UNUSABLE_RUN_TEXT[saved.unusable]}. It starts from the first step.`;
    note.hidden = false;
  }

  restart.addEventListener('click', () => actor.send({ type: 'learner.reset' }));

  const keep = (snapshot: SnapshotFrom<WalkthroughMachine>) => {
    if (!(snapshot.matches('ready') || snapshot.matches('finished'))) return;
    const { context } = snapshot;
    // Back at the start (Reset, Start again), or a new run begun: the note about the earlier run has served.
    if ((shown === 'resumed' && context.completed === 0) || (shown === 'unusable' && context.completed > 0)) note.hidden = true;
    const text = serializeRun(flow, { ...momentOf(context), history: context.history }, learnerId());
    if (text !== kept) write(text);
  };
  keep(actor.getSnapshot());
  actor.subscribe(keep);

  function read(): string | null {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }

  function write(text: string | null): void {
    kept = text;
    try {
      if (text === null) storage?.removeItem(key);
      else storage?.setItem(key, text);
    } catch {
      // Storage full or refused: this run is not kept, and an older one must not be resumed in its place.
      kept = null;
      try {
        storage?.removeItem(key);
      } catch {
        // nothing kept either way
      }
    }
  }
}
