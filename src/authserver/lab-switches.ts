/**
 * The lab switches: server-side defences a learner may turn off in their own namespace, so an attack
 * lesson can show the attack succeed and then fail at exactly the check that exists for it.
 * Every defence is on by default; a switch only ever weakens the learner who flipped it (never another
 * learner, never a client without a learner id, never the public namespace).
 * A leaf module with no imports, so the browser's walk-through chunk can use it without pulling in the server;
 * reading and writing a learner's switches lives in `lab-switch-store.ts`.
 */
export const LAB_SWITCHES = {
  'exact-redirect-uri': {
    /** The defence as the server trace names it: "exact match: off (lab setting)". */
    defence: 'exact match',
    rfc: 'RFC 6749 §3.1.2.3',
    /** What the server does with the defence off. */
    off: 'The authorization endpoint accepts a redirect_uri that merely starts with a registered one (prefix matching), so an attacker can extend it to a page of their own.',
  },
  'pkce-required': {
    defence: 'PKCE verifier',
    rfc: 'RFC 7636 §4.6',
    off: 'The token endpoint redeems a code issued with a PKCE challenge without checking the code_verifier, so whoever intercepts the code can redeem it.',
  },
  'single-use-code': {
    defence: 'single use',
    rfc: 'RFC 6749 §4.1.2',
    off: 'The token endpoint redeems an authorization code again while it is unexpired, and revokes nothing, so a stolen used code still yields tokens.',
  },
  'refresh-reuse-detection': {
    defence: 'reuse detection',
    rfc: 'RFC 9700 §4.14.2',
    off: 'The token endpoint accepts a refresh token that was already rotated and keeps the grant alive, so a stolen old refresh token still yields access tokens.',
  },
  'consent-frame-ancestors': {
    defence: 'frame-ancestors',
    /** The check the server records when another origin frames the consent page (`checks/consent-framing.ts`). */
    check: 'consent page framing (frame-ancestors)',
    rfc: 'RFC 6749 §10.13',
    off: "The consent page is sent without frame-ancestors 'self' and X-Frame-Options: SAMEORIGIN, so another origin (the attacker's) may frame it under a decoy.",
  },
} as const;

export type LabSwitchId = keyof typeof LAB_SWITCHES;
export type LabSwitchValue = 'on' | 'off';
export type LabSwitchSettings = Record<LabSwitchId, LabSwitchValue>;

export const LAB_SWITCH_IDS = Object.keys(LAB_SWITCHES) as LabSwitchId[];
export const LAB_SWITCH_VALUES: readonly LabSwitchValue[] = ['on', 'off'];

/** The server's default: every defence on. */
export const DEFAULT_LAB_SWITCHES: Readonly<LabSwitchSettings> = Object.freeze(
  Object.fromEntries(LAB_SWITCH_IDS.map((id) => [id, 'on'])) as LabSwitchSettings,
);

export const isLabSwitchId = (id: string): id is LabSwitchId => Object.hasOwn(LAB_SWITCHES, id);

/** The check input a weakened check records, e.g. `{ "exact match": "off (lab setting)" }`. */
export function labSwitchInput(id: LabSwitchId, value: LabSwitchValue): Record<string, string> {
  return { [LAB_SWITCHES[id].defence]: value === 'off' ? 'off (lab setting)' : 'on' };
}
