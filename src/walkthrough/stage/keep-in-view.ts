/**
 * Stepping on a flow page keeps the current arrow, the current step's prose and the newest Inspector
 * entry in view. Where the prose and the rail sit side by side (wide screens), the rail's diagram stays
 * pinned at the top of the rail (CSS in `Walkthrough.astro`) with the controls under it, and this
 * binder tells the CSS how tall the pinned part is (`--wt-pinned-height`), so the Inspector reveals its
 * newest entry below it; the page itself scrolls to the prose section of the step just run. On narrow
 * screens, where everything is one column, the page is left where the learner put it.
 */
import { nextFrame } from '../../diagrams/frame-batch';

/** The vertical offset, within the viewport, below which a prose section counts as "in view". */
const PROSE_IN_VIEW = 0.4;

export function keepInView(root: HTMLElement, figure: HTMLElement | null) {
  const rail = figure?.parentElement;
  if (rail && figure) {
    const measure = () => {
      const pinned = getComputedStyle(figure).position === 'sticky';
      rail.style.setProperty('--wt-pinned-height', pinned ? `${Math.ceil(figure.getBoundingClientRect().height)}px` : '0px');
    };
    new ResizeObserver(measure).observe(figure);
    window.addEventListener('resize', measure);
    measure();
  }

  return {
    /**
     * After a step has run: bring its prose section into view when the prose column is beside the rail.
     * Measured in the next frame, with the step's other layout reads (`frame-batch.ts`).
     */
    stepped(anchor: string | null) {
      const section = anchor ? document.getElementById(anchor) : null;
      if (!section) return;
      nextFrame.schedule(root, () => {
        const prose = section.getBoundingClientRect();
        const side = root.getBoundingClientRect();
        const besideRail = prose.right <= side.left || prose.left >= side.right;
        if (!besideRail) return undefined;
        const header = parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
        if (prose.top >= header && prose.top <= window.innerHeight * PROSE_IN_VIEW) return undefined;
        const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
        return () => section.scrollIntoView({ block: 'start', behavior: reduceMotion ? 'auto' : 'smooth' });
      });
    },
  };
}
