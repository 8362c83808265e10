import { recordCheck, type RequestContext } from '../context';
import { labSwitch } from '../lab-switch-store';
import { labSwitchInput } from '../lab-switches';

/**
 * The consent page may be framed only by this site (`frame-ancestors 'self'`, `X-Frame-Options:
 * SAMEORIGIN`, set by `html()`), so no other origin can lay it invisibly under a decoy button.
 * Not `'none'`: the walk-through shows the page in a frame of the site's own. With the learner's
 * `consent-frame-ancestors` lab switch off, that learner's consent pages go without both headers
 * and fall back to the site-wide framing rule, which admits the attacker's loopback origin.
 * @see RFC 6749 §10.13; RFC 9700 §4.16
 */
export async function withConsentFraming(ctx: RequestContext, page: Response): Promise<Response> {
  const defence = await labSwitch(ctx, 'consent-frame-ancestors');
  if (defence === 'on') return page;
  page.headers.delete('Content-Security-Policy');
  page.headers.delete('X-Frame-Options');
  recordCheck(ctx, {
    name: 'consent page framing',
    rfc: 'RFC 6749 §10.13',
    inputs: { ...labSwitchInput('consent-frame-ancestors', defence), 'Content-Security-Policy': null, 'X-Frame-Options': null },
    pass: true,
    detail: "Not restricted (lab setting): the consent page is sent without frame-ancestors 'self' and X-Frame-Options, so another origin may frame it.",
  });
  return page;
}
