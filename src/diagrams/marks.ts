/**
 * Adds a visible mark (a symbol, not only a colour) beside the step number of chosen messages
 * of a pre-rendered diagram, at build time: the compare page marks each step as shared, added or
 * changed. The message group also gets `data-mark="<kind>"` so CSS can colour it. Pure string
 * work on the SVG that `render.ts` writes, like `links.ts`; run it before `linkMessages()`. The
 * mark is drawn only (`aria-hidden`): the page says it in the step's link name instead.
 */
import { escapeXmlAttribute, messageGroupsOf } from './links.ts';

export interface StepMark {
  /** A short word for CSS and tests, e.g. "added". */
  kind: string;
  /** Drawn beside the step number, e.g. "+". */
  symbol: string;
}

/** The arrow's start (where Mermaid draws the step number) and its direction. */
const ARROW = /<(?:line x1="([-\d.]+)" y1="([-\d.]+)" x2="([-\d.]+)"|path d="M ([-\d.]+),([-\d.]+))[^>]*data-et="message"/;

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Inserts `<text class="step-mark">` into each message that `markFor` answers for: on the side
 * of the number the arrow does not go to (a self-check loops to the right, so its mark is on the left).
 */
export function markMessages(svg: string, markFor: (stepId: string) => StepMark | undefined): string {
  let out = '';
  let from = 0;
  for (const group of messageGroupsOf(svg)) {
    const mark = markFor(group.stepId);
    if (!mark) continue;
    const body = svg.slice(group.bodyStart, group.bodyEnd);
    const arrow = ARROW.exec(body);
    if (!arrow) throw new Error(`Message ${group.stepId} has no arrow`);
    const [x, y] = arrow[1] !== undefined ? [Number(arrow[1]), Number(arrow[2])] : [Number(arrow[4]), Number(arrow[5])];
    const goesLeft = arrow[3] !== undefined && Number(arrow[3]) < x;
    const markX = goesLeft ? x + 14 : x - 14;
    out +=
      svg.slice(from, group.bodyStart - 1) +
      ` data-mark="${escapeXmlAttribute(mark.kind)}">` +
      body +
      `<text x="${round(markX)}" y="${round(y + 6)}" text-anchor="${goesLeft ? 'start' : 'end'}" class="step-mark" aria-hidden="true">${escapeText(mark.symbol)}</text>`;
    from = group.bodyEnd;
  }
  return out + svg.slice(from);
}

const round = (n: number) => Math.round(n * 100) / 100;
