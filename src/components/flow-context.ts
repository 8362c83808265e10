import type { FlowDefinition } from '../flows/types';

/**
 * The flow page tells the MDX components which flow they belong to through `Astro.locals`
 * (one object per rendered page), so authors write `<Step id="…">` without repeating the flow.
 */
const CURRENT_FLOW = Symbol.for('oauth-sequence-lab.current-flow');

type Locals = Record<PropertyKey, unknown>;

export function provideFlow(locals: object, flow: FlowDefinition): void {
  (locals as Locals)[CURRENT_FLOW] = flow;
}

/** The flow being rendered; throws a clear error when a component is used outside a flow page. */
export function currentFlow(locals: object, component: string): FlowDefinition {
  const flow = (locals as Locals)[CURRENT_FLOW] as FlowDefinition | undefined;
  if (!flow) {
    throw new Error(
      `<${component}> can only be used in a flow page (content/flows/*.mdx); use <Diagram flow="…" /> in guides.`,
    );
  }
  return flow;
}
