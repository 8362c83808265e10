/**
 * The diagram as a map of the walk-through. Every arrow of the flow's diagram is a link to its
 * step's prose (`src/diagrams/links.ts`, works without JavaScript); once the walk-through runs:
 * - an arrow of a step that has run opens that step's Inspector entries, marks them, scrolls them
 *   into view and focuses the first;
 * - an arrow of a step still to come follows its link (the prose) and offers "Run to this step";
 * - pointing at or focusing an Inspector entry marks its arrow on the diagram.
 * Pure decisions first, then one thin binder (`bindDiagramLinks`) that `mount.ts` calls.
 */
import { markLinkedStep } from '../diagrams/highlight';

/** What activating the arrow of step `index` (0-based) does when `completed` steps have run. */
export type ArrowAction = 'inspect' | 'run-to';

export function arrowAction(index: number, completed: number): ArrowAction {
  return index < completed ? 'inspect' : 'run-to';
}

/** The step id an element of the diagram or the Inspector belongs to, if any. */
export function stepIdOf(target: EventTarget | null, selector: string): string | null {
  if (!(target instanceof Element)) return null;
  return target.closest<HTMLElement | SVGElement>(selector)?.dataset.stepId ?? null;
}

/** An Inspector entry (`li.wt-entry[data-step-id]`) marked because its arrow was activated. */
const LINKED_ENTRY = 'is-linked';

export interface DiagramLinksOptions {
  /** The flow's diagram, as `SequenceDiagram.astro` renders it. */
  svg: SVGSVGElement;
  /** The Inspector's list of entries. */
  list: HTMLElement;
  /** The existing "Run to this step" control. */
  runTo: HTMLButtonElement;
  /** The flow's step ids, in order. */
  stepIds: readonly string[];
  /** How many steps have run, read at each activation. */
  completed: () => number;
}

/** Wires the diagram's arrows and the Inspector's entries to each other. */
export function bindDiagramLinks({ svg, list, runTo, stepIds, completed }: DiagramLinksOptions): void {
  const entriesOf = (stepId: string) =>
    Array.from(list.querySelectorAll<HTMLLIElement>('li.wt-entry')).filter((li) => li.dataset.stepId === stepId);

  function inspect(stepId: string): boolean {
    const entries = entriesOf(stepId);
    if (entries.length === 0) return false;
    for (const li of list.querySelectorAll(`li.wt-entry.${LINKED_ENTRY}`)) li.classList.remove(LINKED_ENTRY);
    for (const li of entries) {
      li.classList.add(LINKED_ENTRY);
      const details = li.querySelector('details');
      if (details) details.open = true;
    }
    const first = entries[0]!;
    first.scrollIntoView({ block: 'nearest' });
    (first.querySelector<HTMLElement>('summary') ?? first).focus();
    return true;
  }

  /** Once the link's navigation has shown "Run to this step" (on `hashchange`), move the focus to it. */
  function offerRunTo(href: string) {
    const focusRunTo = () => {
      if (!runTo.hidden) runTo.focus();
    };
    if (location.hash === new URL(href, location.href).hash) queueMicrotask(focusRunTo);
    else window.addEventListener('hashchange', focusRunTo, { once: true });
  }

  svg.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a.message-link') : null;
    const stepId = stepIdOf(link, 'g.message');
    const index = stepId === null ? -1 : stepIds.indexOf(stepId);
    if (!link || stepId === null || index < 0) return;
    if (arrowAction(index, completed()) === 'inspect') {
      // A step with no entry of its own (the user's own actions) keeps its link to the prose.
      if (inspect(stepId)) event.preventDefault();
    } else {
      offerRunTo(link.getAttribute('href') ?? '');
    }
  });

  const point = (event: Event) => markLinkedStep(svg, stepIdOf(event.target, 'li.wt-entry'));
  list.addEventListener('pointerover', point);
  list.addEventListener('focusin', point);
  list.addEventListener('pointerleave', () => {
    if (!list.contains(document.activeElement)) markLinkedStep(svg, null);
  });
  list.addEventListener('focusout', (event) => {
    if (!(event.relatedTarget instanceof Node && list.contains(event.relatedTarget))) markLinkedStep(svg, null);
  });
}
