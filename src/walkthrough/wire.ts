import * as z from 'zod/mini';
import type { TraceEvent } from '../trace/events';

/**
 * The JSON the walk-through reads from the wire, as schemas: the server's trace pulls, the lab
 * clock's answers, token responses and OAuth error bodies. What does not match is treated as
 * missing, never cast.
 */

const recordedRequest = z.object({
  method: z.string(),
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  body: z.optional(z.string()),
});

const recordedResponse = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()),
  body: z.optional(z.string()),
});

const participant = z.enum(['authserver', 'resource', 'client']);

const exchangeEvent = z.object({
  type: z.literal('exchange'),
  seq: z.number(),
  at: z.number(),
  server: participant,
  channel: z.optional(z.enum(['front', 'back'])),
  request: recordedRequest,
  response: recordedResponse,
});

const checkEvent = z.object({
  type: z.literal('check'),
  seq: z.number(),
  at: z.number(),
  actor: participant,
  name: z.string(),
  inputs: z.record(z.string(), z.unknown()),
  verdict: z.enum(['pass', 'fail']),
  detail: z.optional(z.string()),
  rfc: z.optional(z.string()),
});

/** One event of the server's trace. The schema's type is the trace's own type, so they cannot drift apart. */
export const traceEvent: z.ZodMiniType<TraceEvent> = z.discriminatedUnion('type', [exchangeEvent, checkEvent]);

/** What `GET` of the lab trace endpoint answers. */
export const traceAnswer = z.object({ events: z.array(traceEvent), next: z.number() });

/** What `GET|POST` of the lab clock endpoint answers. */
export const labClockAnswer = z.object({ now: z.number(), offset_seconds: z.number() });

/** A successful token response; other members are allowed and ignored. @see RFC 6749 §5.1 */
export const tokenAnswer = z.looseObject({
  access_token: z.string(),
  token_type: z.string(),
  expires_in: z.optional(z.number()),
  refresh_token: z.optional(z.string()),
  scope: z.optional(z.string()),
});

/** An OAuth error body. @see RFC 6749 §5.2 */
export const oauthErrorAnswer = z.looseObject({
  error: z.string(),
  error_description: z.optional(z.string()),
});

/** A JSON Web Key Set: its keys are checked by `jose` when used. @see RFC 7517 §5 */
export const jwksAnswer = z.looseObject({ keys: z.array(z.looseObject({ kty: z.string() })) });

/** Parses JSON text against a schema; null for text that is not JSON or does not match. */
export function parseWire<T>(schema: z.ZodMiniType<T>, text: string): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
