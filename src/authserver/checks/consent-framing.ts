import { recordCheck, type RequestContext } from '../context';
import type { ServerRequest } from '../http';
import { labSwitch } from '../lab-switch-store';
import { LAB_SWITCHES, labSwitchInput } from '../lab-switches';

/** The check's name in the trace: it names the defence, so a ✗ says which header refused the frame. */
export const CONSENT_FRAMING_CHECK = LAB_SWITCHES['consent-frame-ancestors'].check;

/**
 * Whether the browser asks for the page to be rendered in a frame of another origin: it says so in the
 * Fetch Metadata headers (`Sec-Fetch-Dest: iframe`, and a `Sec-Fetch-Site` other than `same-origin`,
 * which names the relation of the page that started the request). A client that sends neither (curl,
 * an older browser) is not framing anything the server can see.
 * @see W3C Fetch Metadata Request Headers (Sec-Fetch-Dest, Sec-Fetch-Site)
 */
function framedByAnotherOrigin(request: ServerRequest): boolean {
  const dest = request.headers.get('sec-fetch-dest');
  const site = request.headers.get('sec-fetch-site');
  return (dest === 'iframe' || dest === 'frame') && (site === 'cross-site' || site === 'same-site');
}

/**
 * The consent page may be framed only by this site (`frame-ancestors 'self'`, `X-Frame-Options:
 * SAMEORIGIN`, set by `html()`), so no other origin can lay it invisibly under a decoy button.
 * Not `'none'`: the walk-through shows the page in a frame of the site's own. With the learner's
 * `consent-frame-ancestors` lab switch off, that learner's consent pages go without both headers
 * and fall back to the site-wide framing rule, which admits the attacker's loopback origin.
 *
 * The browser enforces the policy, not the server; what the server records is honest about that: when
 * the request says another origin frames the page, the check fails with the defence on (the policy
 * it sends makes the browser refuse to render the page there) and passes with it off.
 * @see RFC 6749 §10.13; RFC 9700 §4.16; CSP Level 3 §6.4.2 (frame-ancestors); RFC 7034 (X-Frame-Options)
 */
export async function withConsentFraming(ctx: RequestContext, page: Response): Promise<Response> {
  const defence = await labSwitch(ctx, 'consent-frame-ancestors');
  const framed = framedByAnotherOrigin(ctx.request);
  const fetchMetadata = { 'Sec-Fetch-Dest': ctx.request.headers.get('sec-fetch-dest'), 'Sec-Fetch-Site': ctx.request.headers.get('sec-fetch-site') };
  if (defence === 'on') {
    if (framed) {
      recordCheck(ctx, {
        name: CONSENT_FRAMING_CHECK,
        rfc: 'RFC 9700 §4.16',
        inputs: { ...fetchMetadata, 'Content-Security-Policy': page.headers.get('content-security-policy'), 'X-Frame-Options': page.headers.get('x-frame-options') },
        pass: false,
        detail:
          "A page of another origin frames the consent page. The answer allows only this site as its frame ancestor (frame-ancestors 'self', X-Frame-Options: SAMEORIGIN), so the browser refuses to render it there, and a click meant for it lands on nothing.",
      });
    }
    return page;
  }
  page.headers.delete('Content-Security-Policy');
  page.headers.delete('X-Frame-Options');
  recordCheck(ctx, {
    name: CONSENT_FRAMING_CHECK,
    rfc: 'RFC 6749 §10.13',
    inputs: { ...labSwitchInput('consent-frame-ancestors', defence), ...fetchMetadata, 'Content-Security-Policy': null, 'X-Frame-Options': null },
    pass: true,
    detail: framed
      ? "Not restricted (lab setting): a page of another origin frames the consent page, and it is sent without frame-ancestors 'self' and X-Frame-Options, so the browser renders it there."
      : "Not restricted (lab setting): the consent page is sent without frame-ancestors 'self' and X-Frame-Options, so another origin may frame it.",
  });
  return page;
}
