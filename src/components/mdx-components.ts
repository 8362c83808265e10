import Action from './Action.astro';
import Callout from './Callout.astro';
import Diagram from './Diagram.astro';
import H2 from './H2.astro';
import H3 from './H3.astro';
import NativeRedirectNote from './NativeRedirectNote.astro';
import Step from './Step.astro';

/** Components every MDX page can use without importing them. */
export const proseComponents = { h2: H2, h3: H3, Callout, Diagram };

/**
 * Flow pages add `<Step id="…">` and `<Action id="…" />` (a walk-through button's label), and the
 * native-app page its `<NativeRedirectNote />` (which redirect its walk-through uses on this copy of the site).
 */
export const flowComponents = { ...proseComponents, Step, Action, NativeRedirectNote };
