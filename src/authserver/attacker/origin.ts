/**
 * Where the attacker of the attack lessons lives, for both kinds of lab server, decided here only.
 *
 * On the Node server the lab and its attacker are the two loopback names of one port: different
 * origins (and sites) to the browser, so cookies, storage and frame ancestry really are separate, yet
 * one server answers both. The lab runs on the first configured origin; the attacker is the other
 * loopback name of it (`localhost:P` → `127.0.0.1:P`, and the other way round). With `PUBLIC_ORIGIN`
 * the site has one origin only, and no attacker origin.
 *
 * On the static site the lab server is a Service Worker, which controls the one origin it was
 * registered on: the attacker's pages and server stand under a path of that origin instead,
 * `<site>/attacker-site` (`ATTACKER_SITE_PATH`), answered by the same worker. Most lessons need a
 * second party, not a second origin, and run the same there; a lesson whose point is the origin
 * boundary itself declares `needsSecondOrigin` and is not run on one origin (`attackRunsIn`).
 *
 * No runtime imports but the path table (a leaf), so the browser's walk-through chunk can use it too.
 * @see RFC 6454 §4 (an origin is scheme, host and port)
 */
import { ATTACKER_SITE_PATH } from '../paths';
import type { LabMode } from '../../static/mode';

const OTHER_LOOPBACK_NAME: Readonly<Record<string, string>> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };

/** The same origin under the other loopback name, or null when it is not on a loopback name. */
export function otherLoopbackOrigin(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  const host = OTHER_LOOPBACK_NAME[url.hostname];
  if (!host || url.origin !== origin) return null;
  return `${url.protocol}//${host}${url.port ? `:${url.port}` : ''}`;
}

/** The attacker's origin for a site served on `origins` (the lab on the first): the other loopback name, if the site answers it. */
export function attackerOrigin(origins: readonly string[]): string | null {
  const lab = origins[0];
  const other = lab === undefined ? null : otherLoopbackOrigin(lab);
  return other !== null && origins.includes(other) ? other : null;
}

/** Where the attacker's side of the lessons is, seen from the lab. */
export interface AttackerSite {
  /**
   * What the attacker's paths (`ATTACKER_PAGES`, `ATTACKER_AS`) go after: its own origin on the Node
   * server (`http://127.0.0.1:4321`), a path of the lab's origin on the static site
   * (`http://localhost:8080/attacker-site`, or `…/oauth-lab/attacker-site` below a base).
   */
  readonly root: string;
  /** The origin the browser sees for the attacker's pages. */
  readonly origin: string;
  /** The lab it attacks: the lab's origin and the site's base, e.g. `http://localhost:8080/oauth-lab`. */
  readonly lab: string;
  /** The attacker shares the lab's origin: the browser keeps nothing apart (cookies, storage, frame ancestry). */
  readonly sharesLabOrigin: boolean;
}

/** Whether the attacker has an origin of its own with this lab server: the Node server answers two, a Service Worker one. */
export function attackerHasOwnOrigin(mode: LabMode): boolean {
  return mode === 'node';
}

/** The attacker of a lab page on `labOrigin` below `base` (the site's base, `''` at the root), with this lab server. */
export function attackerSite(mode: LabMode, labOrigin: string, base = ''): AttackerSite {
  const lab = `${labOrigin}${base}`;
  if (!attackerHasOwnOrigin(mode)) return { root: `${lab}${ATTACKER_SITE_PATH}`, origin: labOrigin, lab, sharesLabOrigin: true };
  // Off the loopback names (behind PUBLIC_ORIGIN) the Node server has no attacker; its lab's origin stands in.
  const own = otherLoopbackOrigin(labOrigin) ?? labOrigin;
  return { root: own, origin: own, lab, sharesLabOrigin: own === labOrigin };
}

/** The attacker the Node server answers for a site on `origins` (the lab on the first), or null behind `PUBLIC_ORIGIN`. */
export function servedAttackerSite(origins: readonly string[]): AttackerSite | null {
  return attackerOrigin(origins) === null ? null : attackerSite('node', origins[0]!);
}

/** The path of `url` on the attacker's site (e.g. `/attacker/catch`), or undefined for a URL elsewhere. */
export function attackerPathOf(site: AttackerSite, url: URL): string | undefined {
  if (url.origin !== site.origin) return undefined;
  const prefix = new URL(site.root).pathname.replace(/\/$/, '');
  if (prefix === '') return url.pathname;
  return url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
}

/** How the Inspector names the attacker: its origin, or its path on the lab's origin, said so. */
export function attackerLabel(site: AttackerSite): string {
  return site.sharesLabOrigin ? `${site.root}, on this site’s origin` : site.root;
}

/**
 * Whether an attack lesson can run, honestly, with this lab server: one that declares it needs the
 * attacker on a second origin cannot where the attacker shares the lab's (its page says so instead).
 */
export function attackRunsIn(mode: LabMode, attack: { attack: { needsSecondOrigin?: string } }): boolean {
  return attack.attack.needsSecondOrigin === undefined || attackerHasOwnOrigin(mode);
}
