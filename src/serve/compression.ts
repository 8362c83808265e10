/**
 * Compression of what the server produces per request: the OAuth server's answers (JSON, its HTML
 * pages) and the pages Astro renders on demand. Static files are not compressed here: the build
 * writes their Brotli and gzip copies once, and sirv sends those (see `src/integrations/serve.ts`).
 * Brotli or gzip, as the request's Accept-Encoding prefers, with `Vary: Accept-Encoding` on every
 * response that could be compressed. @see RFC 9110 §8.4, §12.5.3
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants } from 'node:zlib';
import compression from 'compression';

/**
 * Below this size a body fits in one TCP segment (1460 bytes on Ethernet) with its headers anyway, so
 * compressing it would cost CPU and save no round trip: a token response (about 1.1 KB) goes out as it is.
 */
export const COMPRESSION_THRESHOLD_BYTES = 1400;

/**
 * Never compressed: a live event stream (each event must reach the client when written, not when a
 * compressor's buffer fills) and a response that has no body.
 */
function worthCompressing(req: IncomingMessage, res: ServerResponse): boolean {
  if (res.statusCode === 204 || res.statusCode === 304) return false;
  if (/^\s*text\/event-stream\b/i.test(String(res.getHeader('content-type') ?? ''))) return false;
  return compression.filter(req, res);
}

/**
 * The fastest levels: per request, Brotli at quality 1 makes a page or a trace about as small as gzip's
 * default level does, for a third of its CPU (the build's copies use the slowest, smallest levels).
 */
const middleware = compression({
  threshold: COMPRESSION_THRESHOLD_BYTES,
  filter: worthCompressing,
  level: constants.Z_BEST_SPEED,
  brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } },
});

/**
 * From now on, what is written to `res` is compressed when worthwhile: a compressible type, at least
 * the threshold (by Content-Length, or a body sent in one `end`), an encoding the client accepts, no
 * Content-Encoding already and no `Cache-Control: no-transform`.
 */
export function compressResponse(req: IncomingMessage, res: ServerResponse): void {
  middleware(req, res, () => {});
}
