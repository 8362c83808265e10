/**
 * Binds the classroom panel (Classroom.astro) of one walk-through: the instructor starts and drives a
 * class, a follower's walk-through follows it (each step run for real in the follower's own
 * namespace), and the question card asks before a step. Decisions live in `class-view.ts` and
 * `follow.ts`; this module only talks to the server and writes the view into the elements.
 */
import { JOIN_PAGE } from '../authserver/paths';
import type { FlowDefinition } from '../flows/types';
import { setStageClass, setStageTally, stageSlotOf } from '../walkthrough/stage/stage-slot';
import QRCode from 'qrcode';
import { classFlow } from './class-flows';
import { classEvents, ClassStateSchema, instruct, LearnersSchema, readClass, sendAnswer, startClass, TallySchema, type ClassStateWire } from './class-client';
import { classroomView, initialClassroom, type ClassroomState } from './class-view';
import type { StepChoices } from './choices';
import { followMove, type FollowerPosition } from './follow';
import { parseJoinCode } from './join-code';
import type { WalkthroughPort } from './walkthrough-port';

interface Instructing {
  code: string;
  secret: string;
  watch: string;
}

/** The class a page started survives a reload of that page (and only that tab): its secret stays in sessionStorage. */
const storageKey = (flow: FlowDefinition) => `osl-class:${flow.slug}`;

/** The step and choices of a walk-through, as one comparable key. */
const positionKey = ({ completed, choices }: FollowerPosition) => JSON.stringify([completed, choices]);

function part<T extends Element = HTMLElement>(root: ParentNode, name: string): T {
  const element = root.querySelector<T>(`[data-class-${name}]`);
  if (!element) throw new Error(`Classroom markup is missing [data-class-${name}]`);
  return element;
}

/** Buttons of the walk-through (and of its stage view) that step it: pressing one detaches a follower. */
const STEP_CONTROL = 'button[data-action], button[data-stage-action="next"], button[data-stage-action="back"]';

export function bindClassroom(walkthrough: HTMLElement, flow: FlowDefinition, port: WalkthroughPort): void {
  const root = walkthrough.querySelector<HTMLElement>('[data-classroom]');
  if (!root) return;
  const el = {
    banner: part(root, 'banner'),
    status: part(root, 'status'),
    question: part(root, 'question'),
    heading: part(root, 'question-heading'),
    text: part(root, 'question-text'),
    options: part(root, 'options'),
    waiting: part(root, 'waiting'),
    result: part(root, 'result'),
    verdict: part(root, 'verdict'),
    explanation: part(root, 'explanation'),
    live: part(root, 'live'),
    qr: part<HTMLImageElement>(root, 'qr'),
    code: part(root, 'code'),
    link: part<HTMLAnchorElement>(root, 'link'),
    learners: part(root, 'learners'),
    tally: part(root, 'tally'),
    tallyQuestion: part(root, 'tally-question'),
    answers: part(root, 'answers'),
    bars: part(root, 'bars'),
    error: part(root, 'error'),
  };
  const action = (name: string) => root.querySelector<HTMLButtonElement>(`button[data-class-action="${name}"]`)!;
  const controls = {
    stop: action('stop'),
    follow: action('follow'),
    answer: action('answer'),
    skip: action('skip'),
    /** Absent from the static build, which has no shared server to hold a class. */
    start: root.querySelector<HTMLButtonElement>('button[data-class-action="start"]'),
    reveal: action('reveal'),
    end: action('end'),
  };

  // On the stage view (the projector) the class shows big: code, link, QR code, count, tally, and a "Reveal" of its own.
  const stageReveal = document.createElement('button');
  stageReveal.type = 'button';
  stageReveal.dataset.classAction = 'reveal';
  stageReveal.className = 'wt-primary';
  stageReveal.textContent = 'Reveal';
  let stageQrSvg: string | undefined;

  let state: ClassroomState = { ...initialClassroom, completed: port.position().completed };
  let instructing: Instructing | null = null;
  let events: EventSource | null = null;
  /** How the instructor ran the class's steps (a follower runs them the same way). */
  let classChoices: StepChoices = {};
  /** The step and choices last told to the class, as one key. */
  let sent: string | null = null;
  let sending = false;
  let optionsKey = '';

  const update = (changes: Partial<ClassroomState>) => {
    state = { ...state, ...changes };
    render();
  };
  const fail = (reason: unknown) => update({ error: reason instanceof Error ? reason.message : String(reason) });

  function render() {
    const view = classroomView(flow, state);
    el.banner.hidden = !view.banner;
    if (view.banner) {
      if (el.status.textContent !== view.banner.text) el.status.textContent = view.banner.text;
      controls.stop.hidden = !view.banner.canStop;
      controls.follow.hidden = !view.banner.canFollow;
    }

    const question = view.question;
    el.question.hidden = !question;
    if (question) {
      el.heading.textContent = question.heading;
      el.text.textContent = question.question.text;
      const key = `${question.mode}:${question.at}`;
      if (optionsKey !== key) {
        optionsKey = key;
        el.options.replaceChildren(
          ...question.question.options.map((text, index) => {
            const label = document.createElement('label');
            const input = document.createElement('input');
            input.type = 'radio';
            input.name = `${walkthrough.dataset.walkthroughFor}-question-${question.at}`;
            input.value = String(index);
            label.append(input, document.createTextNode(text));
            return label;
          }),
        );
      }
      for (const input of el.options.querySelectorAll<HTMLInputElement>('input')) {
        input.disabled = !question.canAnswer;
        if (question.chosen !== null) input.checked = Number(input.value) === question.chosen;
      }
      controls.answer.hidden = !question.canAnswer;
      controls.skip.hidden = question.mode !== 'self' || !question.canAnswer;
      el.waiting.hidden = !question.waiting;
      el.waiting.textContent = question.waiting ?? '';
      el.result.hidden = !question.result;
      if (question.result) {
        el.result.dataset.right = String(question.result.right);
        el.verdict.textContent = question.result.text;
        el.explanation.textContent = question.result.explanation;
      }
    } else {
      optionsKey = '';
    }

    if (controls.start) controls.start.hidden = !view.canStart;
    el.live.hidden = !view.instructor;
    if (view.instructor) {
      el.code.textContent = view.instructor.code;
      el.link.href = view.instructor.joinUrl;
      el.link.textContent = view.instructor.joinUrl;
      el.learners.textContent = view.instructor.learners;
      const tally = view.instructor.tally;
      el.tally.hidden = !tally;
      if (tally) {
        el.tallyQuestion.textContent = tally.question.text;
        el.answers.textContent = tally.answers;
        el.bars.hidden = !tally.revealed;
        controls.reveal.hidden = tally.revealed;
        el.bars.replaceChildren(
          ...tally.bars.map((bar) => {
            const item = document.createElement('li');
            item.dataset.right = String(bar.right);
            const label = document.createElement('span');
            label.textContent = `${bar.right ? '✓ ' : ''}${bar.label}: ${bar.count}`;
            const fill = document.createElement('span');
            fill.className = 'cls-bar';
            fill.style.width = `${bar.percent}%`;
            item.append(label, fill);
            return item;
          }),
        );
      }
    }
    el.error.textContent = view.error ?? '';
    renderStage(view);
  }

  function renderStage(view: ReturnType<typeof classroomView>) {
    const teaching = view.instructor;
    // Out of the slot while it redraws, so an empty slot stays hidden; back in while a question is open.
    stageReveal.remove();
    setStageClass(walkthrough, teaching ? { joinCode: teaching.code, joinUrl: teaching.joinUrl, learnersConnected: state.learners, ...(stageQrSvg ? { qrSvg: stageQrSvg } : {}) } : null);
    const tally = teaching?.tally;
    setStageTally(
      walkthrough,
      tally ? { question: tally.question.text, revealed: tally.revealed, options: tally.bars.map((bar) => ({ label: bar.label, count: bar.count, correct: bar.right })) } : null,
    );
    if (tally && !tally.revealed) stageSlotOf(walkthrough).append(stageReveal);
  }

  /** The follower's walk-through takes its next move towards the instructor's step. */
  function follow() {
    if (state.role !== 'follower' || !state.following || state.ended) return;
    const move = followMove(flow, port.position(), { step: state.classStep, choices: classChoices });
    if (move.kind !== 'wait') port.move(move);
  }

  /**
   * The instructor's walk-through tells the class each step it reaches (Play included) and how it ran
   * them (a denial, a learner action), one request at a time.
   */
  function broadcast() {
    if (!instructing || sending || state.ended) return;
    const position = port.position();
    const key = positionKey(position);
    if (key === sent) return;
    const { completed: step, choices } = position;
    const { code, secret } = instructing;
    sending = true;
    instruct(code, secret, { action: 'step', step, choices })
      .then(() => {
        sent = key;
        update({ error: null });
      }, fail)
      .finally(() => {
        sending = false;
        broadcast();
      });
  }

  function applyState(wire: ClassStateWire) {
    classChoices = wire.choices;
    update({ classStep: wire.step, revealed: wire.revealed, error: null });
    follow();
  }

  function listen(source: EventSource) {
    events?.close();
    events = source;
    source.addEventListener('state', (event) => {
      const parsed = ClassStateSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) applyState(parsed.data);
    });
    source.addEventListener('learners', (event) => {
      const parsed = LearnersSchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) update({ learners: parsed.data.count });
    });
    source.addEventListener('tally', (event) => {
      const parsed = TallySchema.safeParse(JSON.parse((event as MessageEvent<string>).data));
      if (parsed.success) update({ tally: parsed.data });
    });
    source.addEventListener('ended', () => {
      source.close();
      endLocally();
    });
  }

  function endLocally() {
    events?.close();
    events = null;
    if (instructing) sessionStorage.removeItem(storageKey(flow));
    instructing = null;
    update({ ended: true, following: false });
  }

  /** Shows the class and watches it; `told` is where the class is known to be (`null`: tell it this page's position). */
  async function teach(started: Instructing, classStep: number, told: string | null) {
    instructing = started;
    sent = told;
    const joinUrl = new URL(`${JOIN_PAGE}?code=${started.code}`, location.origin).href;
    update({ role: 'instructor', code: started.code, joinUrl, ended: false, classStep, revealed: false, tally: null, learners: 0, error: null });
    // One QR code of the join link: an image on the page, inline SVG on the stage.
    stageQrSvg = await QRCode.toString(joinUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    el.qr.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(stageQrSvg)}`;
    render();
    listen(classEvents(started.code, started.watch));
    broadcast();
  }

  async function join(code: string) {
    update({ role: 'follower', code, following: true, error: null });
    try {
      const wire = await readClass(code);
      const page = classFlow(wire.flow);
      if (wire.flow !== flow.slug && page) {
        // A class code always leads to the class's own walk-through.
        location.replace(`${page.path}?class=${code}`);
        return;
      }
      applyState(wire);
      listen(classEvents(code));
    } catch (reason) {
      update({ ended: true, following: false });
      fail(reason);
    }
  }

  // Any step control pressed by the learner (a click, or the arrow keys) detaches a follower.
  const detach = () => {
    if (state.role === 'follower' && state.following) update({ following: false });
  };
  walkthrough.addEventListener(
    'click',
    (event) => {
      if (event.isTrusted && event.target instanceof Element && event.target.closest(STEP_CONTROL)) detach();
    },
    true,
  );
  document.addEventListener(
    'keydown',
    (event) => {
      const target = event.target;
      const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && !typing && !event.altKey && !event.ctrlKey && !event.metaKey) detach();
    },
    true,
  );

  walkthrough.addEventListener('click', (event) => {
    const pressed = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-class-action]') : null;
    if (!pressed || pressed.disabled) return;
    switch (pressed.dataset.classAction) {
      case 'stop':
        update({ following: false });
        controls.follow.focus();
        break;
      case 'follow':
        update({ following: true });
        controls.stop.focus();
        follow();
        break;
      case 'start':
        pressed.disabled = true;
        startClass(flow.slug)
          .then((started) => {
            sessionStorage.setItem(storageKey(flow), JSON.stringify({ code: started.code, secret: started.secret, watch: started.watch }));
            // The class starts at the instructor's own step.
            return teach(started, started.step, null);
          })
          .catch(fail)
          .finally(() => (pressed.disabled = false));
        break;
      case 'reveal':
        if (instructing) instruct(instructing.code, instructing.secret, { action: 'reveal' }).catch(fail);
        break;
      case 'end':
        if (instructing) instruct(instructing.code, instructing.secret, { action: 'end' }).then(endLocally, fail);
        break;
      case 'answer': {
        const view = classroomView(flow, state).question;
        const chosen = el.options.querySelector<HTMLInputElement>('input:checked');
        if (!view || !chosen) {
          update({ error: 'Choose an answer first.' });
          break;
        }
        const option = Number(chosen.value);
        if (view.mode === 'self') {
          update({ answers: new Map(state.answers).set(view.at, option), error: null });
        } else {
          sendAnswer(state.code!, view.at, option).then(() => update({ answers: new Map(state.answers).set(view.at, option), error: null }), fail);
        }
        break;
      }
      case 'skip': {
        const view = classroomView(flow, state).question;
        if (view) update({ skipped: new Set(state.skipped).add(view.at) });
        break;
      }
    }
  });

  port.subscribe(() => {
    const { completed } = port.position();
    if (completed !== state.completed) update({ completed });
    follow();
    broadcast();
  });

  // A follower arrives with ?class=<code>; the instructor's tab picks its class up again after a reload.
  const joining = parseJoinCode(new URLSearchParams(location.search).get('class') ?? '');
  const saved = sessionStorage.getItem(storageKey(flow));
  if (joining) {
    void join(joining);
  } else if (saved) {
    const resumed = JSON.parse(saved) as Instructing;
    readClass(resumed.code).then(
      // After a reload the class stays where it was until the instructor steps again.
      (wire) => teach(resumed, wire.step, positionKey(port.position())),
      () => sessionStorage.removeItem(storageKey(flow)),
    );
  }
  render();
}
