/**
 * Turns each message of a pre-rendered diagram into a link to its step's prose section, at
 * build time: the committed SVG stays exactly what `render.ts` drew (checked by the freshness
 * test), and the page that shows it decides where a step links to.
 *
 * Each `<g class="message" data-step-index data-step-id>` ends with `<rect class="message-hit">`,
 * the box around its drawn parts (see `render.ts`). That box becomes the link
 * (`<a class="message-link" href aria-label>`): the whole message is one keyboard-focusable
 * target named after the step, and the drawn text is hidden from assistive technology, which
 * hears the link's name instead of the same words twice. Pure string work, no DOM.
 */

/** Where a message links to and what its link is called. */
export interface MessageLink {
  href: string;
  /** The link's accessible name, e.g. "Step 8: POST /oauth/token (code, client secret)". */
  label: string;
}

/**
 * The accessible name of a step's arrow: its number, as drawn beside the arrow, and its label;
 * `note` (e.g. the compare page's "added") goes after the number.
 */
export function messageLinkLabel(step: { number: number; label: string }, note?: string): string {
  return `Step ${step.number}${note ? ` (${note})` : ''}: ${step.label}`;
}

/** Escapes text for a double-quoted XML attribute. */
export function escapeXmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A `<g class="message">` of a rendered diagram: where its parts start and end in the SVG text. */
export interface MessageGroup {
  stepId: string;
  /** 0-based step index. */
  index: number;
  /** Offsets in the SVG text: the group's opening tag, its parts, and its `</g>`. */
  tagStart: number;
  bodyStart: number;
  bodyEnd: number;
}

/** A message's drawn words: its label lines and its number. */
const DRAWN_TEXT = /<text(?= [^>]*class="(?:messageText|sequenceNumber)")/g;
const HIT_AREA = /<rect [^>]*class="message-hit"\/>/;

const MESSAGE_GROUP = /<g class="message" data-step-index="(\d+)" data-step-id="([^"]+)"[^>]*>/g;

/** The message groups of a diagram, in document order; each must be flat (its parts only, no nested group). */
export function messageGroupsOf(svg: string): MessageGroup[] {
  return [...svg.matchAll(MESSAGE_GROUP)].map((match) => {
    const bodyStart = match.index + match[0].length;
    const bodyEnd = svg.indexOf('</g>', bodyStart);
    if (bodyEnd < 0 || svg.slice(bodyStart, bodyEnd).includes('<g')) throw new Error(`Message ${match[2]} is not a flat group`);
    return { stepId: match[2]!, index: Number(match[1]), tagStart: match.index, bodyStart, bodyEnd };
  });
}

/**
 * Makes every message a link. `linkFor` gets the step's id and 0-based index and must answer
 * for every message: a message without a link would be the one arrow a keyboard cannot reach,
 * so that throws, as does an SVG already linked, one without hit areas or with nested groups.
 */
export function linkMessages(svg: string, linkFor: (stepId: string, index: number) => MessageLink | undefined): string {
  if (svg.includes('class="message-link"')) throw new Error('The diagram is already linked');
  let out = '';
  let from = 0;
  for (const group of messageGroupsOf(svg)) {
    const link = linkFor(group.stepId, group.index);
    if (!link) throw new Error(`No link for step ${group.index + 1} (${group.stepId})`);
    const body = svg.slice(group.bodyStart, group.bodyEnd);
    if (!HIT_AREA.test(body)) throw new Error(`Message ${group.stepId} has no hit area: run npm run diagrams`);
    out +=
      svg.slice(from, group.bodyStart) +
      body
        .replace(DRAWN_TEXT, '$& aria-hidden="true"')
        .replace(
          HIT_AREA,
          (hit) => `<a class="message-link" href="${escapeXmlAttribute(link.href)}" aria-label="${escapeXmlAttribute(link.label)}">${hit}</a>`,
        );
    from = group.bodyEnd;
  }
  return out + svg.slice(from);
}
