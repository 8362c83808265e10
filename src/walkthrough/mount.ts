import { createActor, type SnapshotFrom } from 'xstate';
import { highlightStep } from '../diagrams/highlight';
import { getFlow } from '../flows';
import { stepAnchor } from '../flows/derive';
import type { FlowDefinition } from '../flows/types';
import { stepEffects } from './define';
import { resetLearnerActor, restoreMomentActor, type WalkthroughEnv } from './env';
import { walkthroughOf } from './flows';
import { createIframeFrame } from './iframe-frame';
import { createInspectorView } from './inspector-view';
import { learnerIdFrom } from './learner';
import { runStepActor, walkthroughInput, walkthroughMachine, type WalkthroughMachine } from './machine';
import { bindDiagramLinks } from './diagram-links';
import { createClientRecorder } from './recorder';
import { pullServerTrace } from './server-trace';
import { labMode, labServerReady } from '../static/mode';
import { mountRunTools } from './runs/run-tools';
import { bindSavedRun } from './runs/resume-run';
import { savedRunKey } from './runs/saved-run';
import { SITE_BASE } from '../authserver/paths';
import { seededClientRandom, resetLab, seedOf } from './runs/seeded-run';
import { keepInView } from './stage/keep-in-view';
import { mountStage } from './stage/mount-stage';
import { walkthroughView } from './view';
import { walkthroughPort } from '../classroom/walkthrough-port';
import { actionSelector, elementSelector, type WalkthroughAction, type WalkthroughElement } from './walkthrough-elements';

type Snapshot = SnapshotFrom<WalkthroughMachine>;

function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Walk-through markup is missing ${selector}`);
  return element;
}

/** Keys ←/→ belong to text fields, menus and the frame when focus is there. */
function keyBelongsToFocus(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|IFRAME)$/.test(target.tagName) || target.closest('[role="listbox"], [role="menu"], dialog') !== null;
}

/** Marks the prose section of the step just run (`section.flow-step#step-<id>`), as the diagram marks its arrow. */
function highlightProse(stepId: string | null): void {
  for (const section of document.querySelectorAll('section.flow-step.is-current')) section.classList.remove('is-current');
  if (stepId) document.getElementById(stepAnchor({ id: stepId }))?.classList.add('is-current');
}

/** `localStorage`, or null where the browser refuses it (storage blocked for the site). */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Connects one `<section data-walkthrough-for>` to its flow's machine. */
export async function mountWalkthrough(root: HTMLElement): Promise<void> {
  // Attack lessons (`data-attack`): their own definitions and loader, the Defence switch and the Attacker panel,
  // fetched only on their pages (src/walkthrough/attacks/).
  const attackUi =
    root.dataset.attack === undefined
      ? null
      : await import('./attacks/attack-ui').then((module) => module.createAttackUi(root, root.dataset.walkthroughFor ?? ''));
  const flow: FlowDefinition = attackUi?.attack ?? getFlow(root.dataset.walkthroughFor ?? '');
  const loadWalkthrough = attackUi ? attackUi.load : walkthroughOf(flow);
  const status = required<HTMLElement>(root, elementSelector('status'));
  // Every flow has a walk-through (a unit test proves it); this only guards a half-added flow.
  if (!loadWalkthrough) throw new Error(`No walk-through for the flow "${flow.slug}"`);
  const walkthrough = await loadWalkthrough();

  const iframe = required<HTMLIFrameElement>(root, elementSelector('frame'));
  const address = required<HTMLInputElement>(root, elementSelector('address'));
  const frame = createIframeFrame(iframe);
  if (!flow.participants.some((p) => p.kind === 'browser')) {
    // The Browser region stays, idle: this flow runs between the app and the servers only.
    const note = document.createElement('p');
    note.className = 'wt-browser-idle';
    note.textContent = 'No browser in this flow: the app talks to the servers directly.';
    iframe.hidden = true;
    iframe.style.display = 'none'; // the frame's own `display: block` would win over `hidden`
    iframe.before(note);
  }
  // A seeded run (`?seed=<word>`): the walk-through's own random values come from the seed.
  const seedParameter = seedOf(location.search);
  const seed = seedParameter && 'seed' in seedParameter ? seedParameter.seed : null;
  const seeded = seed === null ? null : { seed, ...seededClientRandom(seed) };
  const env: WalkthroughEnv = {
    origin: location.origin,
    // The static build's server is a Service Worker: no request before it controls the page.
    fetch: (input, init) => labServerReady().then(() => fetch(input, init)),
    frame,
    recorder: createClientRecorder(),
    random: seeded ? seeded.random : (bytes) => crypto.getRandomValues(bytes),
  };

  const effects = stepEffects(walkthrough, env);
  const machine = walkthroughMachine.provide({
    actors: { runStep: runStepActor(effects), restoreMoment: restoreMomentActor(env), resetLearner: resetLearnerActor(env, seeded ?? undefined) },
  });

  // Events from an earlier visit stay out of this walk-through. This first lab request is also where
  // the server issues this browser its learner id, before any step runs.
  // A seeded run starts in a fresh namespace the server seeds (its trace starts empty).
  const baseline = seeded
    ? await resetLab(env.fetch, seeded.seed).then(() => ({ next: 0 })).catch(() => null)
    : await pullServerTrace(env.fetch, 0).catch(() => null);
  const actor = createActor(machine, { input: walkthroughInput(flow.steps, effects, baseline?.next ?? 0) });

  frame.onLocation((url) => {
    address.value = url ?? 'about:blank';
    // An empty frame would paint white in dark mode; the region shows a short note instead.
    iframe.closest('[role="region"]')?.toggleAttribute('data-blank', !url);
    if (url) actor.send({ type: 'frame.navigated', url });
  });

  const diagramSvg = () => document.querySelector<SVGSVGElement>(`figure[data-diagram-for="${CSS.escape(flow.slug)}"] svg`);

  const el = <T extends HTMLElement = HTMLElement>(name: WalkthroughElement) => required<T>(root, elementSelector(name));
  const button = (action: WalkthroughAction) => required<HTMLButtonElement>(root, actionSelector(action));
  const view = {
    count: el('count'),
    label: el('label'),
    teaches: el('teaches'),
    rfc: el<HTMLAnchorElement>('rfc'),
    text: el<HTMLAnchorElement>('text'),
    upNext: el('upNext'),
    labClock: el('labClock'),
    outcome: el('outcome'),
    decision: el('decision'),
    stepActions: el('stepActions'),
    stepActionButtons: el('stepActionButtons'),
    runTo: button('run-to'),
    runToTarget: el('runToTarget'),
    next: button('next'),
    back: button('back'),
    play: button('play'),
    reset: button('reset'),
  };
  const stepLabel = (stepId: string) => {
    const index = flow.steps.findIndex((s) => s.id === stepId);
    return index < 0 ? stepId : `${index + 1}. ${flow.steps[index]!.label}`;
  };
  /** The app whose requests the walk-through makes (the TV in the device flow). */
  const clientParticipant = flow.participants.find((p) => p.kind === 'client') ?? flow.participants.find((p) => p.kind === 'device');
  const inspectorOptions = () => ({
    clientLabel: clientParticipant?.label,
    learnerId: learnerIdFrom(document.cookie),
    ...(labMode() === 'browser' ? { servedBy: 'the Service Worker' } : {}),
  });
  const inspector = createInspectorView(
    required<HTMLOListElement>(root, elementSelector('inspectorList')),
    required<HTMLElement>(root, elementSelector('inspectorEmpty')),
    env.origin,
    stepLabel,
    inspectorOptions,
  );

  /** `#step-<id>` in the address: an instructor's link to a step. */
  function linkedStepId(): string | null {
    const hash = decodeURIComponent(location.hash);
    return flow.steps.find((step) => hash === `#${stepAnchor(step)}`)?.id ?? null;
  }

  // The stage view ("Present"): the same machine, laid out for a projector.
  const stage = mountStage({
    root,
    flow,
    diagram: diagramSvg,
    origin: env.origin,
    stepLabel,
    inspectorOptions,
    send: (command) => {
      if (command === 'last') actor.send({ type: 'learner.runTo', stepId: flow.steps[flow.steps.length - 1]!.id });
      else actor.send({ type: command === 'next' ? 'learner.next' : 'learner.back' });
    },
    completed: () => actor.getSnapshot().context.completed,
  });

  const inView = keepInView(root, diagramSvg()?.closest('figure') ?? null);
  mountRunTools({
    root,
    flow,
    origin: env.origin,
    seed,
    invalidSeed: seedParameter && 'invalid' in seedParameter ? seedParameter.invalid : null,
    run: () => {
      const { context } = actor.getSnapshot();
      return { trace: context.trace, completed: context.completed, currentStepId: context.completed > 0 ? flow.steps[context.completed - 1]!.id : null };
    },
    inspectorOptions,
    random: (bytes) => crypto.getRandomValues(bytes),
  });

  let lastAnnounced = '';
  let highlighted: number | null | undefined;
  /** Writes the view model into the elements; nothing here decides what to show. */
  function render(snapshot: Snapshot) {
    const shown = walkthroughView(snapshot, flow, { linkedStepId: linkedStepId(), nowMs: Date.now() });
    root.setAttribute('aria-busy', String(shown.busy));
    root.dataset.state = shown.state;
    view.count.textContent = shown.count;
    view.label.textContent = shown.label;
    view.teaches.textContent = shown.teaches;
    view.rfc.hidden = !shown.rfc;
    if (shown.rfc) {
      view.rfc.textContent = shown.rfc.text;
      view.rfc.href = shown.rfc.href;
    }
    view.text.hidden = !shown.stepTextHref;
    if (shown.stepTextHref) view.text.href = shown.stepTextHref;
    view.upNext.textContent = shown.upNext;
    view.labClock.hidden = shown.labClock === null;
    view.labClock.textContent = shown.labClock ?? '';

    view.outcome.hidden = !shown.outcome;
    view.outcome.dataset.outcome = shown.outcome?.kind ?? 'note';
    view.outcome.textContent = shown.outcome?.text ?? '';

    view.decision.hidden = !shown.atDecision;
    view.stepActions.hidden = shown.actions.length === 0;
    const offeredKey = shown.actions.map((a) => a.id).join(' ');
    if (view.stepActionButtons.dataset.offered !== offeredKey) {
      view.stepActionButtons.replaceChildren(
        ...shown.actions.map((a) => {
          const button = document.createElement('button');
          button.type = 'button';
          button.dataset.action = 'act';
          button.dataset.stepAction = a.id;
          button.textContent = a.label;
          button.setAttribute('aria-describedby', view.stepActionButtons.dataset.hint ?? '');
          return button;
        }),
      );
      view.stepActionButtons.dataset.offered = offeredKey;
    }

    view.next.disabled = shown.controls.nextDisabled;
    view.back.disabled = shown.controls.backDisabled;
    view.play.disabled = shown.controls.playDisabled;
    view.play.textContent = shown.controls.playing ? 'Pause' : 'Play';
    view.play.setAttribute('aria-pressed', String(shown.controls.playing));
    view.reset.disabled = shown.controls.resetDisabled;

    view.runTo.hidden = !shown.runTo;
    if (shown.runTo) view.runToTarget.textContent = shown.runTo.target;

    const { context } = snapshot;
    inspector.render(context.trace, shown.currentStepId);
    stage.render(shown, context.trace);
    // Extra panels (the device's screen in the device flow) draw themselves from what the client knows.
    root.dispatchEvent(new CustomEvent('walkthrough:render', { detail: { learner: context.learner, outcome: context.outcome } }));
    if (shown.highlightIndex !== highlighted) {
      const svg = diagramSvg();
      if (svg) highlightStep(svg, shown.highlightIndex);
      highlightProse(shown.currentStepId);
      if (highlighted !== undefined) inView.stepped(shown.stepTextHref?.slice(1) ?? null);
      highlighted = shown.highlightIndex;
    }

    if (shown.announcement && shown.announcement !== lastAnnounced) {
      status.textContent = shown.announcement;
      lastAnnounced = shown.announcement;
    }
  }

  actor.subscribe(render);
  attackUi?.connect(actor, diagramSvg);
  actor.start();
  render(actor.getSnapshot());
  // A shared seeded link restores its run: it plays to the linked step with the seed's values.
  const restoreTo = seeded ? linkedStepId() : null;
  if (restoreTo) actor.send({ type: 'learner.runTo', stepId: restoreTo });
  // A flow page keeps its run in this browser and takes it up again when reopened. Not a seeded link
  // (it replays its own run), an attack lesson (its Defence choice belongs to the page) or a class
  // follower (the class moves it).
  if (!attackUi && !seeded && !new URLSearchParams(location.search).has('class')) {
    bindSavedRun({
      root,
      flow,
      actor,
      recorder: env.recorder,
      storage: browserStorage(),
      key: savedRunKey(SITE_BASE, flow.slug),
      learnerId: () => learnerIdFrom(document.cookie),
    });
  }

  root.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>('button[data-action]') : null;
    if (!button || button.disabled) return;
    switch (button.dataset.action) {
      case 'next':
        actor.send({ type: 'learner.next' });
        break;
      case 'back':
        actor.send({ type: 'learner.back' });
        break;
      case 'play':
        actor.send({ type: actor.getSnapshot().context.playing ? 'learner.pause' : 'learner.play' });
        break;
      case 'reset':
        actor.send({ type: 'learner.reset' });
        break;
      case 'approve':
      case 'deny':
        actor.send({ type: 'learner.decide', decision: button.dataset.action });
        break;
      case 'act':
        if (button.dataset.stepAction) actor.send({ type: 'learner.act', action: button.dataset.stepAction });
        break;
      case 'run-to': {
        const stepId = linkedStepId();
        if (stepId) actor.send({ type: 'learner.runTo', stepId });
        break;
      }
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    if (keyBelongsToFocus(event.target)) return;
    const button = event.key === 'ArrowRight' ? view.next : view.back;
    if (button.disabled) return;
    event.preventDefault();
    actor.send({ type: event.key === 'ArrowRight' ? 'learner.next' : 'learner.back' });
  });

  window.addEventListener('hashchange', () => render(actor.getSnapshot()));

  // The diagram as a map: its arrows open their Inspector entries, the entries point at their arrows.
  const mapSvg = diagramSvg();
  if (mapSvg) {
    bindDiagramLinks({
      svg: mapSvg,
      list: required<HTMLElement>(root, elementSelector('inspectorList')),
      runTo: view.runTo,
      stepIds: flow.steps.map((s) => s.id),
      completed: () => actor.getSnapshot().context.completed,
    });
  }
  // Classes and "predict the next message" questions (src/classroom/), in their own chunk.
  void import('../classroom/bind').then(({ bindClassroom }) => bindClassroom(root, flow, walkthroughPort(actor)));

  root.dataset.ready = 'true';
}
