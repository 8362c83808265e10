import type { FlowDefinition } from '../../flows/types';
import type { InspectorOptions } from '../inspector';
import type { TracedEvent } from '../types';
import { bindPrintView, openPrintView } from './print-view';
import { newSeed, shareLink } from './seeded-run';

/** What "Share this run" and "Print this run" read from the walk-through when pressed. */
export interface RunToolsPorts {
  root: HTMLElement;
  flow: FlowDefinition;
  origin: string;
  /** The run's seed, or null for an unseeded run. */
  seed: string | null;
  /** A seed in the address that is not one (said so on the page, and ignored). */
  invalidSeed: string | null;
  run: () => { trace: readonly TracedEvent[]; completed: number; currentStepId: string | null };
  inspectorOptions: () => InspectorOptions;
  random: (bytes: Uint8Array) => Uint8Array;
}

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Walk-through markup is missing ${selector}`);
  return element;
}

/**
 * Binds "Share this run" and "Print this run". Sharing a seeded run copies its link at the current
 * step; sharing an unseeded one picks a fresh seed, copies that link and opens it, so this screen
 * replays to the same step with the values every learner opening the link will see.
 */
export function mountRunTools(ports: RunToolsPorts): void {
  const { root, flow } = ports;
  const share = required<HTMLButtonElement>(root, '[data-run-share]');
  const print = required<HTMLButtonElement>(root, '[data-run-print]');
  const note = required<HTMLElement>(root, '[data-run-note]');
  const noteText = required<HTMLElement>(note, '[data-run-note-text]');
  const linkField = required<HTMLInputElement>(note, '[data-run-link]');
  const printView = required<HTMLDialogElement>(root, '[data-print-view]');
  bindPrintView(printView, print);

  function say(text: string, link?: string) {
    note.hidden = false;
    noteText.textContent = text;
    linkField.closest('p')!.hidden = link === undefined;
    linkField.value = link ?? '';
  }

  if (ports.seed) say(`Seeded run “${ports.seed}”: its state, code_verifier, codes and token ids come from the seed, the same on every screen that opens this link.`);
  else if (ports.invalidSeed !== null) say(`The seed in this address is not one word of 1 to 40 letters, digits, - or _, so this run is not seeded.`);

  share.addEventListener('click', async () => {
    const seed = ports.seed ?? newSeed((length) => ports.random(new Uint8Array(length)));
    const link = shareLink(location, seed, ports.run().currentStepId);
    let copied = true;
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      copied = false;
    }
    const lead = copied ? 'Link copied' : 'Copy this link';
    if (ports.seed) {
      say(`${lead}: it opens this run at this step, with the same values.`, link);
      return;
    }
    say(`${lead}. This run was not seeded, so it now starts over with the seed “${seed}” and replays to this step.`, link);
    location.assign(link);
  });

  print.addEventListener('click', () => {
    const { trace, completed } = ports.run();
    openPrintView(printView, { flow, trace, completed, origin: ports.origin, seed: ports.seed, options: ports.inspectorOptions() });
  });

  share.disabled = false;
  print.disabled = false;
}
