/** Reading a store's bounded logs (`Store.append`, `Store.readLogJson`) as values or as the JSON text kept. */
import type { LogItem, Store } from './types';

/** The log's items numbered above `after` (default 0: all of them), parsed, and the last number it handed out. */
export async function readLog<T>(store: Pick<Store, 'readLogJson'>, namespace: string, key: string, after = 0): Promise<{ items: LogItem<T>[]; last: number }> {
  const { items, last } = await store.readLogJson(namespace, key, after);
  return { items: items.map((item) => JSON.parse(item) as LogItem<T>), last };
}

/** How every store's log item begins: `{"seq":n,"value":<JSON>}` (`logItemJson`). */
const LOG_ITEM = /^\{"seq":(\d+),"value":/;

/** The number of a log item from its JSON, read without parsing the rest. */
export function logItemSeq(itemJson: string): number {
  const match = LOG_ITEM.exec(itemJson);
  if (!match) throw new SyntaxError('not a log item');
  return Number(match[1]);
}

/**
 * The JSON of a log item whose value is an object, as that object with a `seq` member added last (it
 * parses as `{ ...value, seq }`), cut out of the item's text without parsing it.
 */
export function sequencedJson(itemJson: string): string {
  const match = LOG_ITEM.exec(itemJson);
  const value = match ? itemJson.slice(match[0].length, -1) : '';
  if (!match || !value.startsWith('{') || !value.endsWith('}') || !itemJson.endsWith('}')) throw new SyntaxError('not a log item of an object');
  return `${value.slice(0, -1)}${value === '{}' ? '' : ','}"seq":${match[1]}}`;
}
