/** Reads Server-Sent Events from a response body, one event at a time. @see https://html.spec.whatwg.org/multipage/server-sent-events.html */
export interface SseEvent {
  event: string;
  data: unknown;
}

export function eventReader(response: Response) {
  if (!response.body) throw new Error('the response has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const comments: string[] = [];
  return {
    comments,
    /** The next event (comments and the retry field are skipped). */
    async next(): Promise<SseEvent | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) return { event, data: JSON.parse(data.join('\n')) };
          continue;
        }
        const { done, value } = await reader.read();
        if (done) return null;
        buffer += value;
      }
    },
    /** Skips events until one of this type. */
    async until(type: string): Promise<SseEvent> {
      for (;;) {
        const next = await this.next();
        if (!next) throw new Error(`the stream ended before a "${type}" event`);
        if (next.event === type) return next;
      }
    },
    /** Reads on until a comment line has arrived (the keep-alive). */
    async comment(): Promise<string> {
      while (comments.length === 0) {
        const { done, value } = await reader.read();
        if (done) throw new Error('the stream ended before a comment');
        buffer += value;
        for (const line of buffer.split('\n')) if (line.startsWith(':')) comments.push(line.slice(1).trim());
      }
      return comments[0]!;
    },
    cancel: () => reader.cancel(),
  };
}
