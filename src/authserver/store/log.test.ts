import { describe, expect, it } from 'vitest';
import { logItemJson, oneByteJson } from './bytes.ts';
import { logItemSeq, sequencedJson } from './log.ts';

describe('sequencedJson (a trace event from its log item, without parsing)', () => {
  const item = (seq: number, value: unknown) => logItemJson(seq, oneByteJson(JSON.stringify(value)));

  it('parses as the value with its seq, whatever the value holds', () => {
    const value = { type: 'check', detail: 'the server’s “own” page, "quoted" \\ and }', inputs: { nested: { seq: 'not this one' } }, list: [{}, '}'] };
    expect(JSON.parse(sequencedJson(item(42, value)))).toEqual({ ...value, seq: 42 });
    expect(JSON.parse(sequencedJson(item(7, {})))).toEqual({ seq: 7 });
  });

  it('gives the log’s number even when the value has a seq of its own, as `{ ...value, seq }` would', () => {
    expect(JSON.parse(sequencedJson(item(3, { seq: 99, type: 'exchange' })))).toEqual({ seq: 3, type: 'exchange' });
  });

  it('refuses what is not a log item of an object', () => {
    for (const text of [item(1, 'text'), item(1, [1]), item(1, null), '{"value":{}}', '{"seq":1,"value":{"a":1}', 'nonsense']) {
      expect(() => sequencedJson(text)).toThrow(SyntaxError);
    }
  });
});

describe('logItemSeq', () => {
  it('reads the number of a log item and refuses anything else', () => {
    expect(logItemSeq(logItemJson(123, '{"seq":5}'))).toBe(123);
    expect(() => logItemSeq('{"value":1,"seq":2}')).toThrow(SyntaxError);
  });
});
