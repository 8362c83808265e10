/**
 * Cutting recorded data to a size in bytes, measured as the UTF-8 length of its JSON (so escapes
 * count too). The trace uses it so that whatever a client sends, an event stays small.
 */
import { jsonLength, utf8Length, utf8Prefix } from './store/bytes';

const ELLIPSIS = '…';

/**
 * Cuts a text so that its JSON is at most `maxBytes` (plus its two quotes), saying how long it was.
 * Cutting twice changes nothing.
 */
export function fitText(text: string, maxBytes: number): string {
  // A UTF-16 unit takes at most 6 bytes in JSON (`\u0000`), so short texts fit without measuring.
  const fits = (candidate: string) =>
    candidate.length * 6 <= maxBytes || (utf8Length(candidate) <= maxBytes && jsonLength(candidate) <= maxBytes + 2);
  if (fits(text)) return text;
  const note = `${ELLIPSIS} (${text.length} characters)`;
  let room = maxBytes - utf8Length(note);
  // Escapes (quotes, control characters) make JSON longer than the text: shrink until it fits.
  for (let attempt = 0; attempt < 4 && room > 0; attempt++) {
    const candidate = `${utf8Prefix(text, room)}${note}`;
    if (fits(candidate)) return candidate;
    room = Math.floor((room * maxBytes) / jsonLength(candidate)) - 1;
  }
  return fits(ELLIPSIS) ? ELLIPSIS : '';
}

/** Members' names are short in our data; a longer one (a header a client made up) is cut to this. */
const MAX_NAME_BYTES = 256;

/**
 * A copy of `value` whose JSON is at most about `maxBytes`: each string cut to `maxText`, and once
 * the budget is spent the remaining members of an object or array are replaced by one note
 * (`"…": "3 more not recorded"`). Earlier members are kept first.
 */
export function fitJson<T>(value: T, maxBytes: number, maxText = maxBytes): T {
  return fit(value, { left: maxBytes }, maxText);
}

function fit<T>(value: T, budget: { left: number }, maxText: number): T {
  if (typeof value === 'string') {
    const text = fitText(value, Math.max(0, Math.min(maxText, budget.left - 2)));
    budget.left -= jsonLength(text);
    return text as T;
  }
  if (value === null || typeof value !== 'object') {
    budget.left -= jsonLength(value);
    return value;
  }
  const list = Array.isArray(value);
  const members: [string | number, unknown][] = list ? value.map((item, i) => [i, item]) : Object.entries(value);
  const kept: [string | number, unknown][] = [];
  budget.left -= 2;
  for (const [name, item] of members) {
    if (budget.left <= 0) {
      kept.push([list ? kept.length : ELLIPSIS, `${members.length - kept.length} more not recorded`]);
      break;
    }
    const key = typeof name === 'string' ? fitText(name, MAX_NAME_BYTES) : name;
    budget.left -= (typeof key === 'string' ? jsonLength(key) + 1 : 0) + 1;
    kept.push([key, fit(item, budget, maxText)]);
  }
  return (list ? kept.map(([, item]) => item) : Object.fromEntries(kept)) as T;
}
