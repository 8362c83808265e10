import type { DemoCredentials } from './frame';
import type { Decision } from './types';

/**
 * Reading and submitting an HTML form the way a browser does, without a DOM: enough for the
 * authorization server's own login and consent page, which the walk-through answers by `fetch`
 * when a flow starts from tokens the user granted earlier.
 * @see HTML Standard §4.10.21.4 (constructing the entry list), §4.10.21.7 (urlencoded serialization)
 */

export interface FormControl {
  tag: 'input' | 'button';
  name: string;
  value: string;
  type: string;
  checked: boolean;
  disabled: boolean;
}

export interface HtmlForm {
  /** The form's action, as written (resolve it against the page's URL). */
  action: string;
  method: 'get' | 'post';
  /** Inputs and buttons, in document order. */
  controls: FormControl[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of source.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = match[1]!.toLowerCase();
    if (!found.has(name)) found.set(name, decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return found;
}

/** The first `<form>` of a page, or null when it has none. */
export function readHtmlForm(html: string): HtmlForm | null {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const formAttributes = attributes(form[1]!);
  const controls: FormControl[] = [];
  for (const match of form[2]!.matchAll(/<(input|button)\b([^>]*)>/gi)) {
    const tag = match[1]!.toLowerCase() as FormControl['tag'];
    const attrs = attributes(match[2]!);
    controls.push({
      tag,
      name: attrs.get('name') ?? '',
      value: attrs.get('value') ?? '',
      type: (attrs.get('type') ?? (tag === 'button' ? 'submit' : 'text')).toLowerCase(),
      checked: attrs.has('checked'),
      disabled: attrs.has('disabled'),
    });
  }
  return {
    action: formAttributes.get('action') ?? '',
    method: formAttributes.get('method')?.toLowerCase() === 'post' ? 'post' : 'get',
    controls,
  };
}

/**
 * The body a browser posts when the user signs in (approve) and presses the button for `decision`:
 * hidden fields as they are, the credentials typed in, the ticked boxes, and the pressed button's name and value.
 */
export function consentFormBody(form: HtmlForm, credentials: DemoCredentials, decision: Decision): URLSearchParams {
  const submitter = form.controls.find((c) => c.tag === 'button' && c.type === 'submit' && c.value === decision);
  if (!submitter) throw new Error(`The form has no ${decision} button.`);
  const body = new URLSearchParams();
  for (const control of form.controls) {
    if (!control.name || control.disabled) continue;
    if (control.tag === 'button' || control.type === 'submit') {
      if (control === submitter) body.append(control.name, control.value);
      continue;
    }
    if ((control.type === 'checkbox' || control.type === 'radio') && !control.checked) continue;
    if (control.type === 'password') body.append(control.name, decision === 'approve' ? credentials.password : '');
    else if (control.name === 'username') body.append(control.name, decision === 'approve' ? credentials.username : control.value);
    else body.append(control.name, control.type === 'checkbox' && control.value === '' ? 'on' : control.value);
  }
  return body;
}
