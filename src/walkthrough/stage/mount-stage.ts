import { nextFrame } from '../../diagrams/frame-batch';
import { highlightStep } from '../../diagrams/highlight';
import type { FlowDefinition } from '../../flows/types';
import { createInspectorView } from '../inspector-view';
import type { InspectorOptions } from '../inspector';
import type { TracedEvent } from '../types';
import type { WalkthroughView } from '../view';
import { proseCopyOf } from './prose-copy';
import { entriesStepOf, PRESENT_KEY, rewindsFurther, stageCommand, stageView, type StageCommand } from './stage-view';

/** What the stage needs from the walk-through it presents: the same machine as the page. */
export interface StagePorts {
  /** The walk-through's `<section data-walkthrough-for>`; the stage's `<dialog data-stage>` is inside it. */
  root: HTMLElement;
  flow: FlowDefinition;
  /** The page's diagram, cloned into the stage once. */
  diagram: () => SVGSVGElement | null;
  origin: string;
  stepLabel: (stepId: string) => string;
  inspectorOptions: () => InspectorOptions;
  /** Sends one step command to the walk-through, as its own buttons would. */
  send: (command: 'next' | 'back' | 'last') => void;
  /** How many steps have run now. */
  completed: () => number;
}

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Stage markup is missing ${selector}`);
  return element;
}

/** Keys belong to text fields and the frame when focus is there. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|IFRAME)$/.test(target.tagName));
}

/** A copy of the page's diagram with its own ids (the page keeps its own), so the stage's markers resolve to its own. */
function stageCopyOf(svg: SVGSVGElement): SVGSVGElement {
  const markup = svg.outerHTML.replace(/(\s)id="([^"]+)"/g, '$1id="stage-$2"').replace(/url\(#([^)]+)\)/g, 'url(#stage-$1)');
  const template = document.createElement('template');
  template.innerHTML = markup;
  const copy = template.content.firstElementChild as SVGSVGElement;
  copy.removeAttribute('role');
  copy.removeAttribute('aria-label');
  copy.setAttribute('aria-hidden', 'true');
  // The arrows are links on the page; on the stage the keys drive the walk-through.
  for (const link of copy.querySelectorAll('a')) link.setAttribute('tabindex', '-1');
  return copy;
}

/** Shrinks a pane's type (down to 70 %) until its content fits without scrolling; scrolling stays as a last resort. */
function fitType(pane: HTMLElement): void {
  pane.style.setProperty('--stage-scale', '1');
  for (let scale = 1; scale > 0.7 && pane.scrollHeight > pane.clientHeight + 1; ) {
    scale = Math.max(0.7, scale - 0.05);
    pane.style.setProperty('--stage-scale', String(scale));
  }
}

/** Measures how to show a pane's last element whole, or its start when it is taller than the pane; returns that scroll. */
function showLast(pane: HTMLElement, last: Element | null): (() => void) | undefined {
  if (!last) return undefined;
  const margin = 8;
  const top = last.getBoundingClientRect().top - pane.getBoundingClientRect().top - pane.clientTop + pane.scrollTop - margin;
  const bottom = top + last.getBoundingClientRect().height + 2 * margin;
  const scrollTop = Math.max(0, Math.min(top, bottom - pane.clientHeight));
  return () => void (pane.scrollTop = scrollTop);
}

/**
 * Binds the stage view of one walk-through: the "Present" button and key P open it, its keys step
 * the same machine as the page, Esc (or "Leave stage view") closes it and focus returns to "Present".
 * `render` is called by the page's binder with every view it renders.
 */
export function mountStage(ports: StagePorts) {
  const { root, flow } = ports;
  const dialog = required<HTMLDialogElement>(root, '[data-stage]');
  const present = required<HTMLButtonElement>(root, '[data-stage-open]');
  const heading = required<HTMLElement>(dialog, '[data-stage-heading]');
  const label = required<HTMLElement>(dialog, '[data-stage-label]');
  const figure = required<HTMLElement>(dialog, '[data-stage-diagram]');
  const prose = required<HTMLElement>(dialog, '[data-stage-prose]');
  const entriesPane = required<HTMLElement>(dialog, '.wt-stage-entries');
  const outcome = required<HTMLElement>(dialog, '[data-stage-outcome]');
  const blank = required<HTMLElement>(dialog, '[data-stage-blank]');
  const next = required<HTMLButtonElement>(dialog, '[data-stage-action="next"]');
  const back = required<HTMLButtonElement>(dialog, '[data-stage-action="back"]');
  const entriesList = required<HTMLOListElement>(dialog, '[data-stage-entries]');
  const inspector = createInspectorView(
    entriesList,
    required<HTMLElement>(dialog, '[data-stage-empty]'),
    ports.origin,
    ports.stepLabel,
    ports.inspectorOptions,
  );
  figure.setAttribute('aria-label', `${flow.title} sequence diagram`);

  let svg: SVGSVGElement | null = null;
  let shown: WalkthroughView | null = null;
  let trace: readonly TracedEvent[] = [];
  let proseOf: string | null | undefined;
  let entriesOf: { trace: readonly TracedEvent[]; step: string | null } | null = null;
  let highlighted: number | null | undefined;
  /** Home goes back to the start one real "Previous step" at a time; any other command stops it. */
  let rewinding = false;

  function draw() {
    if (!dialog.open || !shown) return;
    const stage = stageView(shown, flow);
    heading.textContent = stage.heading;
    label.textContent = stage.label;
    next.disabled = stage.nextDisabled;
    back.disabled = stage.backDisabled;
    outcome.hidden = !stage.outcome;
    outcome.textContent = stage.outcome;
    if (proseOf !== stage.proseAnchor) {
      prose.replaceChildren(...(stage.proseAnchor ? proseCopyOf(stage.proseAnchor) : [paragraph(flow.steps.length ? `${flow.title}: ${flow.steps.length} steps.` : '')]));
      prose.scrollTop = 0;
      proseOf = stage.proseAnchor;
      fitType(prose);
    }
    if (!entriesOf || entriesOf.trace !== trace || entriesOf.step !== stage.currentStepId) {
      const step = entriesStepOf(flow, stage.currentStepId, new Set(trace.map((event) => event.stepId)));
      inspector.render(
        trace.filter((event) => event.stepId === step),
        step,
      );
      entriesOf = { trace, step: stage.currentStepId };
      // Earlier entries of the step fold to their summary line, so the newest one has the room.
      const shownEntries = [...entriesList.querySelectorAll<HTMLDetailsElement>(':scope > li > details')];
      shownEntries.forEach((details, i) => (details.open = i === shownEntries.length - 1));
      fitType(entriesPane);
      // In the next frame, as the Inspector reveals its entries (`frame-batch.ts`), and in place of its reveal of this list.
      nextFrame.schedule(entriesList, () => showLast(entriesPane, entriesList.lastElementChild));
    }
    if (svg && highlighted !== stage.highlightIndex) {
      highlightStep(svg, stage.highlightIndex);
      highlighted = stage.highlightIndex;
    }
    if (rewinding && !shown.busy) {
      if (rewindsFurther(ports.completed(), stage)) ports.send('back');
      else rewinding = false;
    }
  }

  function paragraph(text: string) {
    const p = document.createElement('p');
    p.textContent = text;
    return p;
  }

  function open() {
    if (dialog.open) return;
    if (!svg) {
      const page = ports.diagram();
      if (page) {
        const wrapper = document.createElement('div');
        wrapper.className = 'diagram-scroll';
        svg = stageCopyOf(page);
        wrapper.append(svg);
        figure.replaceChildren(wrapper);
      }
    }
    highlighted = undefined;
    proseOf = undefined;
    entriesOf = null;
    blank.hidden = true;
    dialog.showModal();
    root.dataset.stage = 'open';
    draw();
    next.focus();
  }

  function command(name: StageCommand) {
    if (name !== 'blank') blank.hidden = true;
    if (name !== 'first') rewinding = false;
    switch (name) {
      case 'next':
        if (!next.disabled) ports.send('next');
        break;
      case 'back':
        if (!back.disabled) ports.send('back');
        break;
      case 'first':
        rewinding = true;
        draw();
        break;
      case 'last':
        if (!next.disabled) ports.send('last');
        break;
      case 'blank':
        blank.hidden = !blank.hidden;
        break;
      case 'leave':
        dialog.close();
        break;
    }
  }

  present.addEventListener('click', open);
  dialog.addEventListener('close', () => {
    rewinding = false;
    delete root.dataset.stage;
    present.focus();
  });
  dialog.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-stage-action]') : null;
    if (button && !button.disabled) command(button.dataset.stageAction as StageCommand);
  });
  // While the stage is open its keys come first, wherever focus is (a button that turns disabled
  // while a step runs hands focus back to the document); the page's own arrow keys then stand aside.
  document.addEventListener(
    'keydown',
    (event) => {
      if (!dialog.open || event.defaultPrevented || typing(event.target)) return;
      const name = stageCommand(event);
      // Space on a focused button presses it; the stage's own keys take over everywhere else.
      if (name === null || (event.key === ' ' && event.target instanceof HTMLButtonElement)) return;
      event.preventDefault();
      command(name);
    },
    { capture: true },
  );
  document.addEventListener('keydown', (event) => {
    if (dialog.open || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key.toLowerCase() !== PRESENT_KEY || typing(event.target)) return;
    if (event.target instanceof HTMLElement && event.target.closest('dialog, [role="listbox"], [role="menu"]')) return;
    event.preventDefault();
    open();
  });
  window.addEventListener('resize', () => {
    if (!dialog.open) return;
    fitType(prose);
    fitType(entriesPane);
  });
  present.disabled = false;

  return {
    /** Called with every view the page renders, and the trace the Inspector shows. */
    render(view: WalkthroughView, events: readonly TracedEvent[]) {
      shown = view;
      trace = events;
      draw();
    },
  };
}
