import { recordCheck, type RequestContext } from '../context';
import { accessDenied } from '../errors';

/**
 * A form post from another site is refused: the server's pages only accept their own forms.
 * Browsers say where a submission comes from in `Sec-Fetch-Site`; without the header (older
 * browsers, curl) this check passes and the anti-CSRF token decides. @see RFC 6749 §10.12, §10.13
 */
export function checkFormOrigin(ctx: RequestContext): void {
  const site = ctx.request.headers.get('sec-fetch-site');
  const pass = site !== 'cross-site';
  recordCheck(ctx, {
    name: 'form posted from this site',
    rfc: 'RFC 6749 §10.12',
    inputs: { 'sec-fetch-site': site },
    pass,
    detail: pass
      ? site === null
        ? 'The browser sent no Sec-Fetch-Site header; the anti-CSRF token must prove where the form came from.'
        : 'The form was submitted from the authorization server’s own page.'
      : 'Another site submitted this form.',
  });
  if (!pass) throw accessDenied('cross-site form submissions are refused', { status: 403, mayRedirect: false });
}
