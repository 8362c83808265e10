import { fromPromise } from 'xstate';
import type { ExchangeEvent } from '../trace/events';
import type { BrowserFramePort } from './frame';
import { labClockOffsetOf, setLabClockOffset } from './lab-clock';
import type { RestoreMomentInput, RestoreMomentOutput } from './machine';
import type { ClientEvent, ClientRecorder } from './recorder';
import { resetLab } from './runs/seeded-run';
import { pullServerTrace, withoutClientDuplicates } from './server-trace';
import type { RecordedEvent, TracePosition } from './types';

/** What a flow's step effects need from the page: where they run, the network, the frame, the recorder. */
export interface WalkthroughEnv {
  /** The site's origin, e.g. `http://localhost:4321`. It is also the authorization server's issuer. */
  origin: string;
  fetch: typeof fetch;
  frame: BrowserFramePort;
  recorder: ClientRecorder;
  /** Fills a byte array with cryptographically strong random values. */
  random: (bytes: Uint8Array) => Uint8Array;
}

/** Pulls what the server recorded since the last pull, without the exchanges the client already shows. */
export async function pullNewServerEvents(
  env: WalkthroughEnv,
  input: TracePosition,
  recordedThisStep: readonly RecordedEvent[] = [],
): Promise<{ events: RecordedEvent[]; serverSeq: number }> {
  const page = await pullServerTrace(env.fetch, input.serverSeq);
  return { events: withoutClientDuplicates(page.events, [...input.trace, ...recordedThisStep]), serverSeq: page.next };
}

/** A request the browser made to the client app (its redirect endpoint), as the app records it: request line and status only. */
export function redirectEndpointExchange(env: WalkthroughEnv, url: string, status: number): ClientEvent & ExchangeEvent {
  return {
    type: 'exchange',
    seq: env.recorder.nextSeq(),
    at: env.recorder.now(),
    server: 'client',
    channel: 'front',
    request: { method: 'GET', url, headers: {} },
    response: { status, headers: {} },
    recordedBy: 'client',
  };
}

/**
 * The request the frame made to the client app (its redirect endpoint), as the browser saw it.
 * The walk-through cannot see an iframe's headers, so only the request line and status are recorded.
 */
export function frameDocumentExchange(env: WalkthroughEnv, url: string): ClientEvent & ExchangeEvent {
  return redirectEndpointExchange(env, url, env.frame.documentStatus() ?? 200);
}

/** `Authorization: Basic` for client authentication. @see RFC 6749 §2.3.1 (form-encode, then base64) */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replaceAll('%20', '+');
  return `Basic ${btoa(`${encode(clientId)}:${encode(clientSecret)}`)}`;
}

/** The query parameters of a URL as a plain record. */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

/**
 * "Previous step" for real: reload the frame at the earlier moment's URL, put the learner's lab
 * clock back where that moment had it when the abandoned steps moved it, then skip what the server
 * recorded since the last pull (the abandoned steps and the restore itself), so a re-run step shows
 * only its own traffic.
 */
export function restoreMomentActor(env: WalkthroughEnv) {
  return fromPromise(async ({ input }: { input: RestoreMomentInput }): Promise<RestoreMomentOutput> => {
    await env.frame.navigate(input.frameUrl ?? 'about:blank');
    const wanted = labClockOffsetOf(input.learner);
    if (labClockOffsetOf(input.leaving) !== wanted) await setLabClockOffset(env.fetch, env.origin, wanted);
    const page = await pullServerTrace(env.fetch, input.serverSeq).catch(() => null);
    return { serverSeq: page?.next ?? input.serverSeq };
  });
}

/**
 * Reset: the server clears the learner's trace and answers with a new learner id (a fresh namespace); blank the frame.
 * A seeded run (`runs/seeded-run.ts`) seeds the new namespace again and starts its own values over, so it replays the same run.
 */
export function resetLearnerActor(env: WalkthroughEnv, seeded?: { seed: string; restart: () => void }) {
  return fromPromise<void, void>(async () => {
    seeded?.restart();
    await resetLab(env.fetch, seeded?.seed).catch(() => null);
    await env.frame.navigate('about:blank');
  });
}
