/**
 * Marks the walk-through's progress on a pre-rendered sequence diagram: the current step's
 * message gets `is-current`, earlier ones `is-done`. Each message of the SVG is a
 * `<g class="message" data-step-index="i">` (see `render.ts`), in step order.
 */

import { nextFrame } from './frame-batch';

const CURRENT = 'is-current';
const DONE = 'is-done';

/** The per-step message groups of a diagram, in step order: the i-th element is step i (0-based). */
export function messageElements(svg: SVGSVGElement): SVGGElement[] {
  return Array.from(svg.querySelectorAll<SVGGElement>('g.message')).sort(
    (a, b) => Number(a.dataset.stepIndex) - Number(b.dataset.stepIndex),
  );
}

/**
 * Highlights step `index` (0-based) of the diagram, marks the steps before it as done and
 * scrolls it into view inside the diagram's own scroll container (never the page).
 * `null` clears all marks. The text alternative's matching item gets `aria-current="step"`.
 */
export function highlightStep(svg: SVGSVGElement, index: number | null): void {
  const messages = messageElements(svg);
  if (index !== null && !(Number.isInteger(index) && index >= 0 && index < messages.length)) {
    throw new RangeError(`Step index ${index} is outside 0…${messages.length - 1}`);
  }
  messages.forEach((message, i) => {
    const current = i === index;
    const done = index !== null && i < index;
    // The group and its drawn parts (text lines, arrow or self-loop), so CSS can target either.
    for (const el of [message, ...Array.from(message.querySelectorAll('.messageText, [data-et="message"]'))]) {
      el.classList.toggle(CURRENT, current);
      el.classList.toggle(DONE, done);
    }
  });
  markTextAlternative(svg, index);
  const current = index === null ? undefined : messages[index];
  if (current) revealInScrollContainer(current, svg);
}

function markTextAlternative(svg: SVGSVGElement, index: number | null): void {
  const figure = svg.closest('figure');
  if (!figure) return;
  for (const item of Array.from(figure.querySelectorAll<HTMLElement>('li[data-step-index]'))) {
    if (index !== null && Number(item.dataset.stepIndex) === index) item.setAttribute('aria-current', 'step');
    else item.removeAttribute('aria-current');
  }
}

/**
 * Scrolls the nearest scrollable ancestor just enough to show `el`, with a small margin. Measured in
 * the next frame (`frame-batch.ts`): reading the arrow's box right after the classes above changed
 * would force a layout of the whole page before the step's other writes are done.
 */
function revealInScrollContainer(el: Element, svg: SVGSVGElement): void {
  const container = svg.closest<HTMLElement>('.diagram-scroll') ?? svg.parentElement;
  if (container) nextFrame.schedule(container, () => scrollToShow(el, container));
}

function scrollToShow(el: Element, container: HTMLElement): (() => void) | undefined {
  const box = el.getBoundingClientRect();
  const view = container.getBoundingClientRect();
  const margin = 16;
  const dx = offsetToShow(box.left, box.right, view.left + margin, view.right - margin);
  const dy = offsetToShow(box.top, box.bottom, view.top + margin, view.bottom - margin);
  const scrollsX = container.scrollWidth > container.clientWidth;
  const scrollsY = container.scrollHeight > container.clientHeight;
  const left = scrollsX ? dx : 0;
  const top = scrollsY ? dy : 0;
  if (left === 0 && top === 0) return undefined;
  const reduceMotion = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? true;
  return () => container.scrollBy({ left, top, behavior: reduceMotion ? 'auto' : 'smooth' });
}

/** How far to scroll so that [start, end] lies within [min, max]; aligns the start when it cannot fit. */
export function offsetToShow(start: number, end: number, min: number, max: number): number {
  if (start >= min && end <= max) return 0;
  if (end - start > max - min || start < min) return start - min;
  return end - max;
}

const LINKED = 'is-linked';

/**
 * Marks the message of step `stepId` as the one the learner points at elsewhere (an Inspector
 * entry under the pointer or the focus); `null` clears the mark. Independent of the progress marks.
 */
export function markLinkedStep(svg: SVGSVGElement, stepId: string | null): void {
  for (const message of messageElements(svg)) message.classList.toggle(LINKED, stepId !== null && message.dataset.stepId === stepId);
}
