/**
 * Dispatches a request to its route and wraps every endpoint the same way: learner namespace
 * and clock from the cookie, size-limited body, RFC error bodies for anything thrown, CORS for
 * back-channel endpoints, and the exchange plus its checks appended to the learner's trace.
 */
import type { ExchangeEvent } from '../trace/events';
import { readOffsetSeconds } from './clock';
import type { RequestContext, ServerLimits } from './context';
import { invalidRequest, methodNotAllowed, notFound } from './errors';
import { readBodyText, recordedBody, withBody, type ServerRequest } from './http';
import { sharedSigningKeys, type SigningKeys } from './keys';
import { frameTicketNamespace } from './frame-tickets';
import type { Signer } from './jws';
import { hasLearnerCookie, resolveLearner, type Learner } from './learners';
import { matchOrigin } from './origins';
import { seededRequestSource } from './seeded-run';
import { errorResponse, jsonErrorResponse, type ErrorStyle } from './responses';
import { MemoryStore } from './store/memory';
import type { Store } from './store/types';
import { appendTrace, keepsTrace } from './trace';

export type Endpoint = (ctx: RequestContext) => Promise<Response>;

export interface Route {
  methods: Partial<Record<'GET' | 'POST', Endpoint>>;
  server: ExchangeEvent['server'];
  channel: 'front' | 'back';
  /** Lab endpoints are not part of the lesson and stay out of the trace. */
  traced: boolean;
  /** Back-channel JSON endpoints answer any origin (browser apps call them directly). */
  cors: boolean;
  /** How errors thrown by the endpoint are answered. */
  errors: ErrorStyle;
  /** Lab endpoints give a browser without a learner id its own namespace (the walk-through's first request). */
  issuesLearnerId: boolean;
  /** A request without a learner cookie may name its learner with a frame ticket (`frame-tickets.ts`). */
  acceptsFrameTicket?: boolean;
}

export const backChannel = (methods: Route['methods'], server: Route['server'] = 'authserver'): Route => ({
  methods,
  server,
  channel: 'back',
  traced: true,
  cors: true,
  errors: server === 'resource' ? 'bearer' : 'json',
  issuesLearnerId: false,
});
export const frontChannel = (methods: Route['methods']): Route => ({
  methods,
  server: 'authserver',
  channel: 'front',
  traced: true,
  cors: false,
  errors: 'page',
  issuesLearnerId: false,
});
export const lab = (methods: Route['methods']): Route => ({
  methods,
  server: 'authserver',
  channel: 'back',
  traced: false,
  cors: false,
  errors: 'json',
  issuesLearnerId: true,
});

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: 64 * 1024,
  codeLifetimeSeconds: 60,
  accessTokenLifetimeSeconds: 600,
  refreshTokenLifetimeSeconds: 24 * 3600,
  deviceCodeLifetimeSeconds: 600,
  devicePollIntervalSeconds: 5,
  formTokenLifetimeSeconds: 600,
  userCodeAttemptsPerDeviceCode: 5,
  userCodeAttemptsPerLearner: 10,
  userCodeAttemptWindowSeconds: 600,
  pushedRequestLifetimeSeconds: 60,
};

export interface AuthServerOptions {
  store?: Store;
  limits?: Partial<ServerLimits>;
  /**
   * The origins the server answers on; the issuer of a request is the one it was addressed to, and a
   * request addressed to any other origin gets 421. Without it the request's own origin is the issuer,
   * which suits a handler embedded behind something that already checked the Host.
   */
  origins?: readonly string[];
  /**
   * The path the server is mounted under, e.g. `/oauth-lab` (the static site on a sub-path), without
   * a trailing slash: routes are matched below it, and it ends the issuer, so every URL the server
   * prints carries it. Default: the root. @see RFC 8414 §2 (an issuer may have a path component)
   */
  basePath?: string;
  /**
   * The path the site's own pages (the client apps' registered redirect paths) live under. Default: `basePath`.
   * A second server mounted beside the site (the attacker's, under its own issuer path) sets `''`.
   */
  sitePagesPath?: string;
  /**
   * Where the learner cookie is kept when requests and responses cannot carry it: a Service Worker
   * never sees the browser's cookies, and browsers drop `Cookie` and `Set-Cookie` from the requests
   * and responses a script builds. Default: the request's `Cookie` header, and `Set-Cookie` on the response.
   * The jar is given every id an answer issues, the lab reset's renewed one included.
   */
  cookieJar?: CookieJar;
  /** Makes each key's JWT signing function. Default: Web Crypto (`jws.ts`); the Node server passes `node:crypto`'s. */
  signer?: Signer;
}

/** The learner cookie's store when it cannot travel in headers (see `AuthServerOptions.cookieJar`). */
export interface CookieJar {
  /** The `Cookie` header the browser would send. */
  cookieHeader(): Promise<string | null>;
  /** Keeps a cookie the server issued, as the browser would keep a `Set-Cookie`. */
  setCookie(setCookie: string): Promise<void>;
}

export interface AuthServer {
  /**
   * Answers `request`. A caller that has read the body already (the Node server, which bounds it on
   * the wire) passes its bytes as `body`, and `request` then carries none.
   */
  handle(request: ServerRequest, body?: Uint8Array): Promise<Response>;
  /**
   * Answers as `handle` does, but a body the server made as text may be kept beside the Response
   * (`bodyTextOf`) instead of in it: for a caller that sends that text itself (the Node server).
   */
  answer(request: ServerRequest, body?: Uint8Array): Promise<Response>;
  readonly store: Store;
  /** The signing keys (loaded from the store, or generated and stored, at start). */
  keys(): Promise<SigningKeys>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, DPoP, MCP-Protocol-Version',
  'Access-Control-Allow-Methods': 'GET, POST',
  'Access-Control-Expose-Headers': 'WWW-Authenticate, DPoP-Nonce',
  'Access-Control-Max-Age': '600',
};

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export type RouteTable = Readonly<Record<string, Route>>;

/** The issuer for a request: its origin when that is one of `origins`. @see RFC 8414 §2 */
function issuerFor(url: URL, origins: readonly string[] | undefined): string | undefined {
  return origins ? matchOrigin(origins, url.origin) : url.origin;
}

/** A request for an origin this server does not serve. @see RFC 9110 §15.5.20 */
function misdirected(): Response {
  return jsonErrorResponse(invalidRequest('this server does not answer for that host', { status: 421 }));
}

export function createServer(routes: RouteTable, options: AuthServerOptions = {}): AuthServer {
  const store = options.store ?? new MemoryStore();
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let keys: Promise<SigningKeys> | undefined;
  // Loaded once per process and kept: an eviction from the store never changes a running instance's keys.
  const getKeys = () =>
    (keys ??= sharedSigningKeys(store, options.signer).catch((reason: unknown) => {
      keys = undefined; // the next request tries again
      throw reason;
    }));
  // Load the keys at start; a failure surfaces on the first request that needs it.
  getKeys().catch(() => undefined);

  async function record(
    request: ServerRequest,
    bodyText: string | undefined,
    response: Response,
    route: Route | undefined,
    ctx: { namespace: string; offsetSeconds: number; checks: RequestContext['checks'] },
  ): Promise<void> {
    // Only a learner's own namespace keeps a trace; the trace masks secrets and bounds sizes.
    if (!keepsTrace(ctx.namespace)) return;
    const at = Date.now() + ctx.offsetSeconds * 1000;
    const requestHeaders = Object.fromEntries([...request.headers].filter(([name]) => name !== 'cookie'));
    const responseBody = await recordedBody(response);
    const exchange: Omit<ExchangeEvent, 'seq'> = {
      type: 'exchange',
      at,
      server: route?.server ?? 'authserver',
      channel: route?.channel ?? 'back',
      request: {
        method: request.method,
        url: request.url,
        headers: requestHeaders,
        ...(bodyText ? { body: bodyText } : {}),
      },
      response: {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        ...(responseBody !== undefined && responseBody !== '' ? { body: responseBody } : {}),
      },
    };
    await appendTrace(store, ctx.namespace, [exchange, ...ctx.checks]);
  }

  const basePath = options.basePath ?? '';

  async function answer(request: ServerRequest, body?: Uint8Array): Promise<Response> {
    const url = new URL(request.url);
    // Below the base path only: `/oauth/token` is no route of a server mounted at `/oauth-lab`.
    const below = url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : undefined;
    const path = below !== undefined && below.length > 1 ? below.replace(/\/+$/, '') : below;
    const route = path !== undefined && Object.hasOwn(routes, path) ? routes[path] : undefined;
    const origin = issuerFor(url, options.origins);
    if (origin === undefined) return misdirected();
    const issuer = `${origin}${basePath}`;
    if (request.method === 'OPTIONS' && route?.cors) {
      // CORS preflight. @see Fetch Standard §3.2.2
      return new Response(null, { status: 204, headers: CORS_HEADERS });
    }
    const cookie = options.cookieJar ? await options.cookieJar.cookieHeader() : request.headers.get('cookie');
    const ticketed = route?.acceptsFrameTicket && !hasLearnerCookie(cookie) ? await frameTicketNamespace(store, url, request.method) : undefined;
    const learner: Learner = ticketed ? { namespace: ticketed } : await resolveLearner(store, cookie, issuer, { issueToNewcomers: route?.issuesLearnerId ?? false });
    const namespace = learner.namespace;
    let learnerCookie = learner.setCookie;
    const offsetSeconds = await readOffsetSeconds(store, namespace);
    // A seeded learner's traced requests draw their random values from the seed (lab requests draw none).
    const random = learner.seed !== undefined && route?.traced ? await seededRequestSource(store, namespace, learner.seed) : undefined;
    const checks: RequestContext['checks'] = [];
    let bodyText: string | undefined;
    let response: Response;
    try {
      if (!route) throw notFound();
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const endpoint = route.methods[method as 'GET' | 'POST'];
      if (!endpoint) throw methodNotAllowed(Object.keys(route.methods));
      if (method === 'POST') bodyText = await readBodyText(request, limits.maxBodyBytes, body);
      const ctx: RequestContext = {
        request,
        url,
        issuer,
        basePath,
        sitePagesBase: `${origin}${options.sitePagesPath ?? basePath}`,
        namespace,
        cookieHeader: cookie,
        renewLearnerCookie: (setCookie) => {
          learnerCookie = setCookie;
        },
        bodyText,
        store,
        keys: await getKeys(),
        limits,
        offsetSeconds,
        checks,
        ...(random ? { random } : {}),
      };
      response = await endpoint(ctx);
    } catch (err) {
      response = errorResponse(route?.errors ?? 'json', err);
    }
    if (learnerCookie) response.headers.append('Set-Cookie', learnerCookie);
    if (options.cookieJar && learnerCookie) await options.cookieJar.setCookie(learnerCookie);
    if (route?.cors) withHeaders(response, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': CORS_HEADERS['Access-Control-Expose-Headers'] });
    if (route?.traced !== false) {
      try {
        await record(request, bodyText, response, route, { namespace, offsetSeconds, checks });
      } catch (err) {
        console.error('[authserver] could not record the trace', err);
      }
    }
    return response;
  }

  return { ...answering(answer), store, keys: getKeys };
}

/** `handle` and `answer` from `answer`: `handle` puts a body kept beside the response into it. */
export function answering(answer: AuthServer['answer']): Pick<AuthServer, 'handle' | 'answer'> {
  return { answer, handle: async (request, body) => withBody(await answer(request, body)) };
}

