/**
 * The element contract between `Walkthrough.astro` (and the components it renders) and the binder in
 * `mount.ts`: each element the binder writes to is marked with one of these data attributes. The
 * markup spreads `walkthroughElement('count')`; the binder finds it with `elementSelector('count')`.
 */
export const WALKTHROUGH_ELEMENTS = {
  count: 'data-step-count',
  label: 'data-step-label',
  teaches: 'data-step-teaches',
  rfc: 'data-step-rfc',
  text: 'data-step-text',
  upNext: 'data-up-next',
  labClock: 'data-lab-clock',
  outcome: 'data-outcome',
  decision: 'data-decision',
  stepActions: 'data-step-actions',
  stepActionButtons: 'data-step-action-buttons',
  runToTarget: 'data-run-to-target',
  status: 'data-status',
  frame: 'data-frame',
  address: 'data-address',
  inspectorList: 'data-inspector-list',
  inspectorEmpty: 'data-inspector-empty',
} as const;

export type WalkthroughElement = keyof typeof WALKTHROUGH_ELEMENTS;

/** The buttons, by their `data-action`; clicking one sends the matching event to the machine. */
export const WALKTHROUGH_ACTIONS = ['next', 'back', 'play', 'reset', 'approve', 'deny', 'act', 'run-to'] as const;

export type WalkthroughAction = (typeof WALKTHROUGH_ACTIONS)[number];

/** The attribute to spread on an element in the markup: `<p {...walkthroughElement('count')}>`. */
export function walkthroughElement(name: WalkthroughElement): Record<string, string> {
  return { [WALKTHROUGH_ELEMENTS[name]]: '' };
}

/** The selector the binder finds an element by. */
export function elementSelector(name: WalkthroughElement): string {
  return `[${WALKTHROUGH_ELEMENTS[name]}]`;
}

/** The selector of an action button. */
export function actionSelector(action: WalkthroughAction): string {
  return `[data-action="${action}"]`;
}
