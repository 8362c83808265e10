/**
 * Compression of what the server produces per request: the OAuth server's answers (JSON, its HTML
 * pages) and the pages Astro renders on demand. Static files are not compressed here: the build
 * writes their Brotli and gzip copies once, and sirv sends those (see `src/integrations/serve.ts`).
 * Brotli or gzip, as the request's Accept-Encoding prefers, with `Vary: Accept-Encoding` on every
 * response that could be compressed. @see RFC 9110 §8.4, §12.5.3
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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

/** The content codings we produce, best first when the client likes them equally. */
const CODINGS = ['br', 'gzip'] as const;
export type ContentCoding = (typeof CODINGS)[number] | 'identity';

/**
 * The coding to answer with, from a request's Accept-Encoding: the one with the highest weight (`*`
 * stands for any not named, `q=0` refuses), Brotli on a tie; `identity` with no header or nothing acceptable.
 * @see RFC 9110 §12.5.3
 */
export function chooseCoding(acceptEncoding: string | undefined): ContentCoding {
  if (!acceptEncoding) return 'identity';
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(weight)) weights.set(name, weight);
  }
  let best: ContentCoding = 'identity';
  let bestWeight = 0;
  for (const coding of CODINGS) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  return best;
}

/** Types worth compressing: text, JSON, XML, JavaScript and SVG (event streams never reach here). */
const COMPRESSIBLE = /^\s*(?:text\/|application\/(?:json|javascript|xml|[\w.-]+\+(?:json|xml))\b|image\/svg\+xml)/i;

/**
 * Compresses a whole body that is about to be sent, the way `compressResponse` does a stream: the same
 * threshold, Accept-Encoding, `Vary` and `no-transform` rules, in one call sized to the body. The OAuth
 * server's answers are whole in memory when written, and a compressor stream per answer (its native
 * state, its buffers) stayed allocated until garbage collection, so that under load it held the
 * process's memory high. Returns the body to send; sets Content-Encoding and Vary in `headers`.
 */
export function compressBody(req: IncomingMessage, status: number, headers: OutgoingHttpHeaders, body: Buffer): Buffer {
  if (status === 204 || status === 304 || !COMPRESSIBLE.test(String(headers['content-type'] ?? ''))) return body;
  if (/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(String(headers['cache-control'] ?? ''))) return body;
  const vary = String(headers.vary ?? '');
  if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary)) headers.vary = vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding';
  if (body.length < COMPRESSION_THRESHOLD_BYTES || headers['content-encoding'] !== undefined || req.method === 'HEAD') return body;
  const coding = chooseCoding(req.headers['accept-encoding']);
  if (coding === 'identity') return body;
  headers['content-encoding'] = coding;
  return coding === 'br'
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: constants.Z_BEST_SPEED });
}
