import { createActor, type SnapshotFrom } from 'xstate';
import { highlightStep } from '../diagrams/highlight';
import { getFlow } from '../flows';
import type { FlowDefinition } from '../flows/types';
import { resetLearnerActor, restoreFrameActor, type WalkthroughEnv } from './env';
import { scripts } from './flows';
import { createIframeFrame } from './iframe-frame';
import { rfcUrl } from './inspector';
import { createInspectorView } from './inspector-view';
import { learnerIdFrom } from './learner';
import { createWalkthroughMachine, type WalkthroughMachine } from './machine';
import { createClientRecorder } from './recorder';
import { pullServerTrace } from './server-trace';
import { LAB_CLOCK_OFFSET, labClockLine } from './lab-clock';

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
  if (stepId) document.getElementById(`step-${stepId}`)?.classList.add('is-current');
}

/** Connects one `<section data-walkthrough-for>` to its flow's machine. */
export async function mountWalkthrough(root: HTMLElement): Promise<void> {
  const flow: FlowDefinition = getFlow(root.dataset.walkthroughFor ?? '');
  const makeScript = scripts[flow.slug];
  const status = required<HTMLElement>(root, '[data-status]');
  // Every flow has a script (a unit test proves it); this only guards a half-added flow.
  if (!makeScript) throw new Error(`No walk-through script for the flow "${flow.slug}"`);

  const iframe = required<HTMLIFrameElement>(root, '[data-frame]');
  const address = required<HTMLInputElement>(root, '[data-address]');
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
  const env: WalkthroughEnv = {
    origin: location.origin,
    fetch: (input, init) => fetch(input, init),
    frame,
    recorder: createClientRecorder(),
    random: (bytes) => crypto.getRandomValues(bytes),
  };

  const script = makeScript(env);
  const machine = createWalkthroughMachine(flow, script).provide({
    actors: { restoreFrame: restoreFrameActor(env), resetLearner: resetLearnerActor(env) },
  });

  // Events from an earlier visit stay out of this walk-through. This first lab request is also where
  // the server issues this browser its learner id, before any step runs.
  const baseline = await pullServerTrace(env.fetch, 0).catch(() => null);
  const actor = createActor(machine, { input: { serverSeq: baseline?.next ?? 0 } });

  frame.onLocation((url) => {
    address.value = url ?? 'about:blank';
    // An empty frame would paint white in dark mode; the region shows a short note instead.
    iframe.closest('[role="region"]')?.toggleAttribute('data-blank', !url);
    if (url) actor.send({ type: 'frame.navigated', url });
  });

  const diagramSvg = () => document.querySelector<SVGSVGElement>(`figure[data-diagram-for="${CSS.escape(flow.slug)}"] svg`);

  const view = {
    count: required<HTMLElement>(root, '[data-step-count]'),
    label: required<HTMLElement>(root, '[data-step-label]'),
    teaches: required<HTMLElement>(root, '[data-step-teaches]'),
    rfc: required<HTMLAnchorElement>(root, '[data-step-rfc]'),
    text: required<HTMLAnchorElement>(root, '[data-step-text]'),
    upNext: required<HTMLElement>(root, '[data-up-next]'),
    labClock: required<HTMLElement>(root, '[data-lab-clock]'),
    outcome: required<HTMLElement>(root, '[data-outcome]'),
    decision: required<HTMLElement>(root, '[data-decision]'),
    stepActions: required<HTMLElement>(root, '[data-step-actions]'),
    stepActionButtons: required<HTMLElement>(root, '[data-step-action-buttons]'),
    runTo: required<HTMLButtonElement>(root, '[data-action="run-to"]'),
    runToTarget: required<HTMLElement>(root, '[data-run-to-target]'),
    next: required<HTMLButtonElement>(root, '[data-action="next"]'),
    back: required<HTMLButtonElement>(root, '[data-action="back"]'),
    play: required<HTMLButtonElement>(root, '[data-action="play"]'),
    reset: required<HTMLButtonElement>(root, '[data-action="reset"]'),
  };
  const stepLabel = (stepId: string) => {
    const index = flow.steps.findIndex((s) => s.id === stepId);
    return index < 0 ? stepId : `${index + 1}. ${flow.steps[index]!.label}`;
  };
  /** The app whose requests the walk-through makes (the TV in the device flow). */
  const clientParticipant = flow.participants.find((p) => p.kind === 'client') ?? flow.participants.find((p) => p.kind === 'device');
  const inspector = createInspectorView(
    required<HTMLOListElement>(root, '[data-inspector-list]'),
    required<HTMLElement>(root, '[data-inspector-empty]'),
    env.origin,
    stepLabel,
    () => ({ clientLabel: clientParticipant?.label, learnerId: learnerIdFrom(document.cookie) }),
  );

  /** `#step-<id>` in the address: an instructor's link to a step. */
  function linkedStepIndex(): number {
    const match = /^#step-(.+)$/.exec(decodeURIComponent(location.hash));
    return match ? flow.steps.findIndex((s) => s.id === match[1]) : -1;
  }

  let lastAnnounced = '';
  let highlighted = -1;
  function render(snapshot: Snapshot) {
    const { context } = snapshot;
    const total = flow.steps.length;
    const current = context.completed > 0 ? flow.steps[context.completed - 1]! : null;
    const upcoming = context.outcome === null ? flow.steps[context.completed] : undefined;
    const busy = snapshot.matches('running') || snapshot.matches('restoring') || snapshot.matches('resetting');
    const canStep = (snapshot.matches('ready') || snapshot.matches('waiting')) && upcoming !== undefined;

    root.setAttribute('aria-busy', String(busy));
    root.dataset.state = String(snapshot.value);
    view.count.textContent = `Step ${context.completed} of ${total}`;
    view.label.textContent = current ? current.label : 'Ready to start';
    view.teaches.textContent = current
      ? current.teaches
      : `Press “Next step” to run the flow one real request at a time against this site’s authorization server.`;
    const citation = current?.rfc;
    view.rfc.hidden = !citation;
    if (citation) {
      view.rfc.textContent = citation;
      view.rfc.href = rfcUrl(citation) ?? '#';
    }
    view.text.hidden = !current;
    if (current) view.text.href = `#step-${current.id}`;
    view.upNext.textContent = upcoming ? `Next: ${context.completed + 1}. ${upcoming.label}` : '';
    // The learner's clock on the server, once a step has moved it (e.g. "Advance clock 1 hour").
    const clockOffset = context.learner[LAB_CLOCK_OFFSET];
    view.labClock.hidden = clockOffset === undefined;
    view.labClock.textContent = clockOffset === undefined ? '' : labClockLine(Number(clockOffset), Date.now());

    view.outcome.hidden = context.outcome === null && !context.message;
    view.outcome.dataset.outcome = context.outcome ?? 'note';
    view.outcome.textContent = context.message ?? '';

    const atDecision = canStep && Boolean(upcoming && script[upcoming.id]?.decision);
    view.decision.hidden = !atDecision;

    // Learner actions the next step offers (teaching variants such as "Send a wrong code_verifier").
    const offered = canStep && upcoming ? (script[upcoming.id]?.actions ?? []) : [];
    view.stepActions.hidden = offered.length === 0;
    const offeredKey = offered.map((a) => a.id).join(' ');
    if (view.stepActionButtons.dataset.offered !== offeredKey) {
      view.stepActionButtons.replaceChildren(
        ...offered.map((a) => {
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

    view.next.disabled = !canStep;
    view.back.disabled = busy || context.history.length === 0;
    view.play.disabled = !context.playing && !canStep;
    view.play.textContent = context.playing ? 'Pause' : 'Play';
    view.play.setAttribute('aria-pressed', String(context.playing));
    view.reset.disabled = snapshot.matches('resetting');

    const linked = linkedStepIndex();
    view.runTo.hidden = !(linked >= context.completed && canStep && !context.playing);
    if (linked >= 0) view.runToTarget.textContent = `${linked + 1}. ${flow.steps[linked]!.label}`;

    inspector.render(context.trace, current?.id ?? null);
    // Extra panels (the device's screen in the device flow) draw themselves from what the client knows.
    root.dispatchEvent(new CustomEvent('walkthrough:render', { detail: { learner: context.learner, outcome: context.outcome } }));
    if (context.completed !== highlighted) {
      const svg = diagramSvg();
      if (svg) highlightStep(svg, context.completed > 0 ? context.completed - 1 : null);
      highlightProse(current?.id ?? null);
      highlighted = context.completed;
    }

    const announcement = context.outcome !== null || (context.message && context.completed === total)
      ? `Step ${context.completed} of ${total}: ${current?.label ?? ''}. ${context.message ?? ''}`
      : current
        ? `Step ${context.completed} of ${total}: ${current.label}.`
        : busy ? '' : 'Walk-through ready.';
    if (announcement && announcement !== lastAnnounced) {
      status.textContent = announcement;
      lastAnnounced = announcement;
    }
  }

  actor.subscribe(render);
  actor.start();
  render(actor.getSnapshot());

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
        const step = flow.steps[linkedStepIndex()];
        if (step) actor.send({ type: 'learner.runTo', stepId: step.id });
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
  root.dataset.ready = 'true';
}
