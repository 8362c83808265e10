/**
 * Where the lab's native app (`native-app`) receives its authorization response, by where the lab's
 * server runs (`labMode()`). With the Node server, a loopback redirect on this site's own port: the
 * server really redirects to `http://127.0.0.1:<port>/…` and the page there plays the app's listener.
 * In the static build nothing can listen on a loopback port, and the Service Worker answers only the
 * site's own origin, so the app uses its claimed "https" redirect instead: this site's own address,
 * which on a device the operating system would hand to the app that claimed it. Both are registered
 * for `native-app` in the seed; the server matches the loopback one on any port and the claimed one
 * exactly. Pure: no DOM, no Astro.
 * @see RFC 8252 §7.2 (claimed "https" scheme), §7.3 (loopback), §8.4 (exact match but for the loopback port)
 */
import { CLIENT_PAGES } from '../authserver/paths';
import type { LabMode } from '../static/mode';

export type NativeRedirectKind = 'loopback' | 'claimed-https';

/** Which redirect the lab's native app uses with each lab server. */
export const NATIVE_REDIRECT_OF_MODE = { node: 'loopback', browser: 'claimed-https' } as const satisfies Record<LabMode, NativeRedirectKind>;

/** How the app's redirect endpoint page names the redirect it received. */
export const NATIVE_REDIRECT_NAME = { loopback: 'loopback redirect', 'claimed-https': 'claimed https redirect' } as const satisfies Record<NativeRedirectKind, string>;

export interface NativeRedirect {
  kind: NativeRedirectKind;
  /** The redirect_uri the app sends and the server redirects to. */
  uri: string;
  /** Why the authorization request names it (the Inspector shows it beside the parameter). */
  why: string;
  rfc: 'RFC 8252 §7.2' | 'RFC 8252 §7.3';
}

/** The port the app listens on: in the lab, the site's own port, so the redirect reaches this server. */
export function loopbackPort(origin: string): string {
  const url = new URL(origin);
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** The loopback redirect_uri: IP literal, not `localhost`. @see RFC 8252 §7.3, §8.3 */
export function loopbackRedirectUri(origin: string): string {
  // Serialized by URL, as the browser will show it (port 80 is dropped).
  return new URL(`http://127.0.0.1:${loopbackPort(origin)}${CLIENT_PAGES.nativeCallback}`).href;
}

/** The native app's redirect for a site at `origin` (its base is in `CLIENT_PAGES`). */
export function nativeRedirect(kind: NativeRedirectKind, origin: string): NativeRedirect {
  return kind === 'loopback'
    ? { kind, uri: loopbackRedirectUri(origin), why: 'The loopback listener, with the port the app chose. RFC 8252 §7.3', rfc: 'RFC 8252 §7.3' }
    : {
        kind,
        uri: `${origin}${CLIENT_PAGES.nativeCallback}`,
        why: 'The app’s claimed "https" redirect on this site’s own domain, registered exactly. RFC 8252 §7.2',
        rfc: 'RFC 8252 §7.2',
      };
}

/** What the native-app page says about the redirect with each lab server (nothing where it is the loopback the lesson describes). */
export const NATIVE_REDIRECT_NOTE: Record<LabMode, string | null> = {
  node: null,
  browser: `On this copy of the site the lab server runs in your browser, where nothing can listen on a loopback port (RFC 8252 §7.3), so the walk-through uses the app’s third registered redirect instead, this site’s own address ${CLIENT_PAGES.nativeCallback}, as an app that claimed this domain’s "https" URLs would receive it (RFC 8252 §7.2).`,
};
