/**
 * What the attacker's third-party script (`/attacker/script.js`) reports: the address of the page that
 * included it, that page's `document.referrer`, and the `Referer` header the attacker's server received
 * with the request for the script (the server writes it into the script it serves, so the report carries
 * it). A real script would send this home; the lab's copy hands it to the lab's own top window with
 * `postMessage`, where the walk-through shows it as the attacker's. A leaf module with no imports, so the
 * browser's walk-through chunk can read reports without pulling in the server.
 * @see RFC 9700 §4.2.1 (leakage from the OAuth client), §4.2.4
 */

/** The message type of a report. */
export const LEAK_REPORT = 'osl:attacker-leak';

export interface LeakReport {
  /** `location.href` of the including page: query and fragment included. */
  href: string;
  /** `document.referrer` of the including page. */
  referrer: string;
  /** The `Referer` header of the request for the script, as the attacker's server received it (empty: none). */
  referer: string;
}

/** The report in a `postMessage` payload, or null when it is not one. */
export function readLeakReport(data: unknown): LeakReport | null {
  if (!data || typeof data !== 'object') return null;
  const { type, href, referrer, referer } = data as Record<string, unknown>;
  if (type !== LEAK_REPORT || typeof href !== 'string' || typeof referrer !== 'string' || typeof referer !== 'string') return null;
  try {
    new URL(href);
  } catch {
    return null;
  }
  return { href, referrer, referer };
}

/**
 * The script's source, served to one request: it carries the `Referer` that request arrived with. It
 * posts only to the including page's own top window (`location.origin`), never to another origin.
 */
export function thirdPartyScriptSource(referer: string | null): string {
  // JSON text is a valid JavaScript string literal, whatever the header holds.
  return `(function(){var referer=${JSON.stringify(referer ?? '')};try{var top=window.top||window;top.postMessage({type:'${LEAK_REPORT}',href:location.href,referrer:document.referrer,referer:referer},location.origin)}catch(e){}})();\n`;
}
