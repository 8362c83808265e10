import type { FlowDefinition } from '../../flows/types';
import type { InspectorOptions } from '../inspector';
import { proseCopyOf } from '../stage/prose-copy';
import type { TracedEvent } from '../types';
import { printRun } from './print-run';

function h<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...children);
  return element;
}

/** Fills the print view (`PrintView.astro`) with the run as it stands, and opens it. */
export function openPrintView(
  dialog: HTMLDialogElement,
  run: { flow: FlowDefinition; trace: readonly TracedEvent[]; completed: number; origin: string; seed: string | null; options: InspectorOptions },
): void {
  const printed = printRun(run.flow, run.trace, run.completed, run.origin, run.options);
  dialog.querySelector('[data-print-title]')!.textContent = printed.title;
  const seed = dialog.querySelector<HTMLElement>('[data-print-seed]')!;
  seed.hidden = run.seed === null;
  seed.textContent = run.seed === null ? '' : `Seeded run “${run.seed}”: the same link gives the same values.`;
  dialog.querySelector('[data-print-steps]')!.replaceChildren(
    ...printed.steps.map((step) =>
      h(
        'section',
        'wt-print-step',
        h('h3', '', `${step.number}. ${step.label}`),
        ...proseCopyOf(step.anchor),
        ...(step.ran
          ? step.entries.map((entry) => {
              const fields = h('dl', '');
              for (const block of entry.blocks) fields.append(h('dt', '', block.label), h('dd', '', h('pre', '', block.text)));
              return h('article', 'wt-print-entry', h('h4', '', entry.title), h('p', '', entry.parties), fields);
            })
          : [h('p', 'wt-print-not-run', 'Not run yet in this run.')]),
      ),
    ),
  );
  if (!dialog.open) dialog.showModal();
  dialog.scrollTop = 0;
}

/** The print view's own buttons: Print, and Close (Esc closes it too). */
export function bindPrintView(dialog: HTMLDialogElement, returnFocus: HTMLElement): void {
  dialog.addEventListener('click', (event) => {
    const action = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-print-action]')?.dataset.printAction : undefined;
    if (action === 'print') window.print();
    if (action === 'close') dialog.close();
  });
  dialog.addEventListener('close', () => returnFocus.focus());
}
