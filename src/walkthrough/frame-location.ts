/**
 * How a lab page inside the walk-through's browser frame tells the walk-through where it is,
 * when the frame is on another origin and the page cannot read its address (the native app's
 * loopback redirect lands on `http://127.0.0.1:<port>` while the site runs on `localhost`).
 * The page posts its URL to the parent, only to this site's own origins; the parent accepts a
 * report only from its frame and only for a URL on the origin that sent it.
 * @see HTML Standard §9.3.3 (postMessage targetOrigin)
 */

export const FRAME_LOCATION = 'osl:frame-location';

export interface FrameLocationMessage {
  type: typeof FRAME_LOCATION;
  href: string;
}

/** Host names under which this site serves itself on one machine. @see RFC 8252 §8.3 */
const SITE_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The origins the walk-through page may have: this page's scheme and port, on its own host or a local name. */
export function siteOrigins(here: URL): string[] {
  const port = here.port ? `:${here.port}` : '';
  const hosts = [here.hostname, ...SITE_HOSTS.filter((host) => host !== here.hostname)];
  return hosts.map((host) => `${here.protocol}//${host}${port}`);
}

/**
 * Where to post the report. With `ancestorOrigin` (the parent's origin as the browser tells it,
 * `location.ancestorOrigins[0]`) only there, and only if it is one of this site's origins;
 * without it, to each of this site's origins (`postMessage` delivers only to the one that matches).
 */
export function reportTargets(here: URL, ancestorOrigin?: string): string[] {
  const allowed = siteOrigins(here);
  if (ancestorOrigin !== undefined) return allowed.includes(ancestorOrigin) ? [ancestorOrigin] : [];
  return allowed;
}

export function frameLocationMessage(href: string): FrameLocationMessage {
  return { type: FRAME_LOCATION, href };
}

/** The reported URL if `data` is a frame-location report for a URL on `origin` (the sender's); null otherwise. */
export function readFrameLocation(data: unknown, origin: string): string | null {
  if (!data || typeof data !== 'object') return null;
  const { type, href } = data as Partial<FrameLocationMessage>;
  if (type !== FRAME_LOCATION || typeof href !== 'string') return null;
  try {
    return new URL(href).origin === origin ? href : null;
  } catch {
    return null;
  }
}

/** Posts this page's URL to the parent window, if it is framed by this site. */
export function reportLocationToParent(win: Window = window): void {
  if (win.parent === win) return;
  const here = new URL(win.location.href);
  const ancestor = win.location.ancestorOrigins?.[0];
  for (const target of reportTargets(here, ancestor)) {
    win.parent.postMessage(frameLocationMessage(here.href), target);
  }
}
