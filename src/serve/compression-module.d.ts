/** The part of `compression` (expressjs/compression, which ships no types) that `compression.ts` uses. */
declare module 'compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { BrotliOptions, ZlibOptions } from 'node:zlib';

  interface CompressionOptions extends ZlibOptions {
    /** Whether to consider a response for compression at all; the default asks `compressible` about its Content-Type. */
    filter?: (req: IncomingMessage, res: ServerResponse) => boolean;
    /** Bodies smaller than this many bytes (by Content-Length, or the one chunk of `res.end`) are sent as they are. */
    threshold?: number | string;
    brotli?: BrotliOptions;
  }

  type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

  function compression(options?: CompressionOptions): Middleware;
  namespace compression {
    /** The default filter. */
    function filter(req: IncomingMessage, res: ServerResponse): boolean;
  }
  export default compression;
}
