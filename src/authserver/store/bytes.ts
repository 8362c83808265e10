/** How the stores measure what they hold: the UTF-8 length of a value's JSON, its key counted too. */

/** Any character outside ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether every character is ASCII (one byte of UTF-8 each), found by a regular expression at native speed. */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** Runs of characters that take one byte of UTF-8 (ASCII), and of those that take two (U+0080 to U+07FF). */
const ONE_BYTE_RUNS = /[\x00-\x7f]+/g;
const TWO_BYTE_RUNS = /[\u0080-\u07ff]+/g;
/** A surrogate pair: two UTF-16 units, one code point above U+FFFF, four bytes. */
const SURROGATE_PAIRS = /[\ud800-\udbff][\udc00-\udfff]/g;

/**
 * UTF-8 length of a string, without encoding it (a lone surrogate counts as U+FFFD, 3 bytes, as
 * encoders write it). Counted by regular expressions, at native speed: every UTF-16 unit takes one
 * byte, one more at U+0080 and above, one more again at U+0800 and above (surrogates too), and a
 * surrogate pair, so counted six, takes four. @see RFC 3629 §3
 */
export function utf8Length(text: string): number {
  // Most of what the server stores is ASCII, one byte a character.
  if (isAscii(text)) return text.length;
  const fromTwo = text.replace(ONE_BYTE_RUNS, '');
  const fromThree = fromTwo.replace(TWO_BYTE_RUNS, '');
  const pairs = fromThree.length > 1 ? (text.match(SURROGATE_PAIRS)?.length ?? 0) : 0;
  return text.length + fromTwo.length + fromThree.length - 2 * pairs;
}

/** Values larger than this (as JSON) are refused: the server never stores one, so a caller that tries is a bug. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** The JSON text a store keeps for a value and its UTF-8 length; refuses what is not JSON or too large. */
export function measuredJson(value: unknown, maxBytes = MAX_VALUE_BYTES): { json: string; bytes: number } {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('a stored value must be JSON data');
  const bytes = utf8Length(json);
  if (bytes > maxBytes) throw new RangeError(`a stored value must be at most ${maxBytes} bytes of JSON`);
  return { json, bytes };
}

/** The JSON text a store keeps for a value; refuses what is not JSON or too large. */
export function toJson(value: unknown, maxBytes = MAX_VALUE_BYTES): string {
  return measuredJson(value, maxBytes).json;
}

/** One numbered item of a log, as every store keeps it (and counts its bytes). */
export function logItemJson(seq: number, json: string): string {
  return `{"seq":${seq},"value":${json}}`;
}

/** The UTF-8 length of `logItemJson(seq, json)` from that of `json`: what it adds is ASCII. */
export function logItemBytes(seq: number, jsonBytes: number): number {
  return jsonBytes + logItemJson(seq, '').length;
}

/** The longest start of `text` that is at most `maxBytes` of UTF-8, never splitting a code point. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  // Binary search on the length in UTF-16 units: every unit is one to three bytes.
  let low = 0;
  let high = Math.min(text.length, Math.max(0, maxBytes));
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (utf8Length(text.slice(0, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  const unit = text.charCodeAt(low - 1);
  return text.slice(0, unit >= 0xd800 && unit <= 0xdbff ? low - 1 : low);
}

/** Printable ASCII but `"` and `\`: a string of these is its own JSON text between two quotes. @see RFC 8259 §7 */
const PLAIN_JSON_STRING = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Bytes of a value's JSON text. */
export function jsonLength(value: unknown): number {
  if (typeof value === 'string' && PLAIN_JSON_STRING.test(value)) return value.length + 2;
  return utf8Length(JSON.stringify(value) ?? '');
}

/** Characters V8 cannot keep in a one-byte (Latin-1) string. */
const WIDE = /[\u0100-\uffff]/;
const EVERY_WIDE = /[\u0100-\uffff]/g;

/**
 * The same JSON with every character above U+00FF written as a `\uXXXX` escape, which `JSON.parse`
 * reads back as the same value. V8 keeps a string with even one such character (a masked secret's `•`,
 * a typographic apostrophe in a check's detail) in two bytes per character; escaped, it stays at one,
 * so the text in memory is exactly as long as it is counted.
 * @see RFC 8259 §7 (any character may be escaped)
 */
export function oneByteJson(json: string): string {
  if (!WIDE.test(json)) return json;
  return json.replace(EVERY_WIDE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
