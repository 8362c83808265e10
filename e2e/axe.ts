import type AxeBuilder from '@axe-core/playwright';

/** What axe found, one readable line per rule with the nodes it names (an empty list: nothing). */
export function violations(results: Awaited<ReturnType<AxeBuilder['analyze']>>): string[] {
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
}

/**
 * The axe rules whose outcome depends on colour. The dark theme changes colour custom properties only (no
 * display, visibility or content), so a page already scanned in light needs only these once switched to dark.
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];
