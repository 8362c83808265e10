/**
 * The stage view's class slot: an `<aside aria-label="Class">` in the stage (`data-stage-class`),
 * empty and hidden until a class fills it. A class calls, with the walk-through's
 * `<section data-walkthrough-for>`:
 *
 * ```ts
 * import { setStageClass, setStageTally } from '../walkthrough/stage/stage-slot';
 * setStageClass(root, { joinCode: 'K7PX-M3QD', joinUrl, qrSvg, learnersConnected: 12 }); // null removes it
 * setStageTally(root, { question, options: [{ label, count, correct }], revealed: false }); // null removes it
 * ```
 *
 * Both can be called at any time (the stage open or not) and as often as the numbers change; the
 * slot shows them big on the projector. For controls of its own (e.g. the instructor's "Reveal"
 * button), `stageSlotOf(root)` returns the slot's element to append to.
 */
import { answersText, learnersConnectedText, tallyBars, type StageClass, type StageTally } from './stage-view';

export type { StageClass, StageTally } from './stage-view';

interface SlotState {
  classInfo: StageClass | null;
  tally: StageTally | null;
}

const states = new WeakMap<HTMLElement, SlotState>();

/** The slot's element inside the walk-through `root`, to append controls of one's own to. */
export function stageSlotOf(root: HTMLElement): HTMLElement {
  const slot = root.querySelector<HTMLElement>('[data-stage-class]');
  if (!slot) throw new Error('The walk-through has no stage class slot');
  return slot;
}

function h(tag: string, className: string, text?: string): HTMLElement {
  const element = document.createElement(tag);
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function render(slot: HTMLElement, state: SlotState) {
  for (const part of slot.querySelectorAll('[data-stage-part]')) part.remove();
  const parts: HTMLElement[] = [];
  if (state.classInfo) {
    const info = state.classInfo;
    const join = h('div', 'wt-stage-join');
    join.dataset.stagePart = 'class';
    const code = h('p', 'wt-stage-join-code', info.joinCode);
    code.setAttribute('aria-label', `Class code ${info.joinCode.split('').join(' ')}`);
    join.append(code, h('p', 'wt-stage-join-url', info.joinUrl), h('p', 'wt-stage-learners', learnersConnectedText(info.learnersConnected)));
    parts.push(join);
    if (info.qrSvg) {
      const qr = h('div', 'wt-stage-qr');
      qr.dataset.stagePart = 'qr';
      qr.setAttribute('role', 'img');
      qr.setAttribute('aria-label', `QR code of ${info.joinUrl}`);
      qr.innerHTML = info.qrSvg;
      parts.push(qr);
    }
  }
  if (state.tally) {
    const tally = h('div', 'wt-stage-tally');
    tally.dataset.stagePart = 'tally';
    const bars = tallyBars(state.tally);
    tally.append(h('p', 'wt-stage-question', state.tally.question), h('p', 'wt-stage-answers', answersText(bars.reduce((sum, bar) => sum + bar.count, 0))));
    if (state.tally.revealed) {
      const list = h('ul', 'wt-stage-bars');
      for (const bar of bars) {
        const item = h('li', bar.correct ? 'is-correct' : '', `${bar.correct ? '✓ ' : ''}${bar.label}: ${bar.count} (${bar.percent} %)`);
        const drawn = h('span', 'wt-stage-bar');
        drawn.style.width = `${bar.percent}%`;
        drawn.setAttribute('aria-hidden', 'true');
        item.append(drawn);
        list.append(item);
      }
      tally.append(list);
    }
    parts.push(tally);
  }
  slot.prepend(...parts);
  slot.hidden = slot.childElementCount === 0;
}

function update(root: HTMLElement, change: Partial<SlotState>) {
  const slot = stageSlotOf(root);
  const state = { ...(states.get(slot) ?? { classInfo: null, tally: null }), ...change };
  states.set(slot, state);
  render(slot, state);
}

/** Shows a class (join code, link, QR code, "N learners connected") on the stage; `null` removes it. */
export function setStageClass(root: HTMLElement, classInfo: StageClass | null): void {
  update(root, { classInfo });
}

/** Shows a question's live tally ("N answers", a bar per option once revealed) on the stage; `null` removes it. */
export function setStageTally(root: HTMLElement, tally: StageTally | null): void {
  update(root, { tally });
}
