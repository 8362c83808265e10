/**
 * One Server-Sent Events response: text pushed in as events come, the stream closed when the class
 * ends, and `onCancel` when the client goes away.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */

/** An event in the stream's wire format: `event:` and one `data:` line of JSON. */
export const sseEvent = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** A comment line, which the browser ignores: it keeps idle connections (and proxies) from timing out. */
export const KEEP_ALIVE = ': keep-alive\n\n';

export interface EventSink {
  send(text: string): void;
  close(): void;
}

const encoder = new TextEncoder();

export function eventStreamResponse(onStart: (sink: EventSink) => void, onCancel: () => void): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      onStart({
        send(text) {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            // The stream is closed already.
          }
        },
        close() {
          try {
            controller.close();
          } catch {
            // Closed already.
          }
        },
      });
    },
    cancel: onCancel,
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: no proxy or compressor may rewrite (or hold back) the stream.
      'Cache-Control': 'no-store, no-transform',
      // nginx and similar proxies: pass every event on at once.
      'X-Accel-Buffering': 'no',
    },
  });
}
