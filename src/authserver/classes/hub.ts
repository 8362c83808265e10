/**
 * The classes of one server instance: their state lives in the store (so every instance sharing it
 * serves the same classes) and their live updates go through the store's pub/sub, one channel per
 * class; this hub keeps only the event streams connected to this instance and fans each message out
 * to them. Everything is bounded: classes started here, followers per class, answers per question,
 * and a class expires after `idleSeconds` without an instructor command, its memory freed.
 */
import { base64url, randomBytes } from '../crypto';
import { parseChoices } from '../../classroom/choices';
import { CLASS_FLOWS, classFlow } from '../../classroom/class-flows';
import type { FlowDefinition } from '../../flows/types';
import { newJoinCode } from '../../classroom/join-code';
import { isOption, questionBefore, tallyAnswers, type Tally } from '../../classroom/questions';
import { OAuthError, accessDenied, invalidRequest } from '../errors';
import { MemoryStore } from '../store/memory';
import { pubSubOf, type PubSub } from '../store/pubsub';
import { readLog } from '../store/log';
import type { Store } from '../store/types';
import {
  answersKey,
  classNamespace,
  hashSecret,
  publicState,
  RECORD_KEY,
  secretMatches,
  type Answer,
  type ClassRecord,
  type ClassState,
} from './record';
import { eventStreamResponse, KEEP_ALIVE, sseEvent as sse, type EventSink } from './event-stream';
import { otherInstancesCount, writePresence } from './presence';

export interface ClassLimits {
  /** Classes started on this instance and still alive. */
  maxClasses: number;
  /** Learners following one class, over every instance. */
  maxFollowersPerClass: number;
  /** Learners answering one question. */
  maxAnswersPerQuestion: number;
  /** A class with no instructor command for this long ends. */
  idleSeconds: number;
  /** How often each stream gets a keep-alive comment (and this instance's follower count is renewed). */
  keepAliveMs: number;
  /** How often ended or expired classes are looked for, to close their streams and free their memory. */
  sweepMs: number;
}

export const CLASS_LIMITS: ClassLimits = {
  maxClasses: 100,
  maxFollowersPerClass: 1000,
  maxAnswersPerQuestion: 1000,
  idleSeconds: 4 * 3600,
  keepAliveMs: 15_000,
  sweepMs: 60_000,
};

/** `choices`: how the instructor ran the first `step` steps (unchecked here: the hub checks it against the flow). */
export type ClassCommand = { action: 'step'; step: number; choices?: unknown } | { action: 'reveal' } | { action: 'end' };

/** What travels on a class's channel. */
type ClassMessage =
  | { type: 'state'; state: ClassState }
  | { type: 'presence' }
  | { type: 'tally' }
  | { type: 'ended' };

interface StreamClient extends EventSink {
  role: 'follower' | 'instructor';
  learner: string;
}

interface LocalClass {
  clients: Set<StreamClient>;
  /** Followers connected here, by learner namespace (a learner with two tabs counts once). */
  learners: Map<string, number>;
  unsubscribe: Promise<() => Promise<void>>;
  listed: boolean;
  presenceDue: boolean;
}

const notFound = () => invalidRequest('there is no class with this code (it may have ended)', { status: 404, mayRedirect: false });

export class ClassHub {
  readonly limits: ClassLimits;
  private readonly instance = base64url(randomBytes(9));
  private readonly local = new Map<string, LocalClass>();
  /** Codes of the classes started on this instance (bounded by `maxClasses`). */
  private readonly started = new Set<string>();
  private readonly timers: ReturnType<typeof setInterval>[];

  constructor(
    private readonly store: Store,
    private readonly pubsub: PubSub,
    limits: Partial<ClassLimits> = {},
  ) {
    this.limits = { ...CLASS_LIMITS, ...limits };
    this.timers = [
      setInterval(() => void this.keepAlive(), this.limits.keepAliveMs),
      setInterval(() => void this.sweep(), this.limits.sweepMs),
    ];
    // Timers must not keep a process (or a test run) alive.
    for (const timer of this.timers) (timer as { unref?: () => void }).unref?.();
  }

  async start(flowSlug: unknown): Promise<{ state: ClassState; secret: string; watch: string }> {
    const flow = classFlow(flowSlug)?.flow;
    if (!flow) throw invalidRequest(`flow must be one of: ${CLASS_FLOWS.map((entry) => entry.flow.slug).join(', ')}`);
    if (this.started.size >= this.limits.maxClasses) await this.sweep();
    if (this.started.size >= this.limits.maxClasses) {
      throw new OAuthError('temporarily_unavailable', `this server already runs ${this.limits.maxClasses} classes; end one or try later`, { status: 503 });
    }
    const secret = base64url(randomBytes(32));
    const watch = base64url(randomBytes(32));
    for (let attempt = 0; attempt < 5; attempt++) {
      const code = newJoinCode((bytes) => randomBytes(bytes.length));
      const record: ClassRecord = { code, flow: flow.slug, step: 0, choices: {}, revealed: false, version: 1, secretHash: hashSecret(secret), watchHash: hashSecret(watch) };
      if (await this.store.setIfAbsent(classNamespace(code), RECORD_KEY, record, this.limits.idleSeconds)) {
        this.started.add(code);
        return { state: publicState(record), secret, watch };
      }
    }
    throw new OAuthError('temporarily_unavailable', 'could not draw a free class code; try again', { status: 503 });
  }

  async state(code: string): Promise<ClassState> {
    return publicState(await this.record(code));
  }

  /** Steps, reveals or ends the class; only with the instructor's secret. */
  async command(code: string, secret: unknown, command: ClassCommand): Promise<ClassState | null> {
    const record = await this.record(code);
    if (!secretMatches(record.secretHash, secret)) throw accessDenied('only the instructor who started this class can step, reveal or end it', { status: 403, mayRedirect: false });
    if (command.action === 'end') {
      await this.end(code);
      return null;
    }
    const flow = flowOf(record);
    let next: ClassRecord;
    if (command.action === 'step') {
      if (!Number.isInteger(command.step) || command.step < 0 || command.step > flow.steps.length) {
        throw invalidRequest(`step must be an integer from 0 to ${flow.steps.length}`);
      }
      const parsed = parseChoices(flow, command.step, command.choices);
      if ('error' in parsed) throw invalidRequest(parsed.error);
      next = { ...record, step: command.step, choices: parsed.choices, revealed: command.step === record.step && record.revealed, version: record.version + 1 };
    } else {
      if (!questionBefore(flow, record.step)) throw invalidRequest('no question is open at this step', { status: 409 });
      next = { ...record, revealed: true, version: record.version + 1 };
    }
    // Every command renews the class's life.
    await this.store.set(classNamespace(code), RECORD_KEY, next, this.limits.idleSeconds);
    const state = publicState(next);
    await this.publish(code, { type: 'state', state });
    return state;
  }

  /** Records a learner's answer to the question open before the class's next step. */
  async answer(code: string, learner: string, step: unknown, option: unknown): Promise<Tally> {
    const record = await this.record(code);
    const question = questionBefore(flowOf(record), record.step);
    if (!question || step !== record.step) throw invalidRequest('that question is not open (the class has moved on)', { status: 409 });
    if (record.revealed) throw invalidRequest('the answer has been revealed; answers are closed', { status: 409 });
    if (!isOption(question, option)) throw invalidRequest(`option must be an integer from 0 to ${question.options.length - 1}`);
    const namespace = classNamespace(code);
    const key = answersKey(record.step);
    const { items } = await readLog<Answer>(this.store, namespace, key);
    const answered = new Set(items.map((item) => item.value.learner));
    if (!answered.has(learner) && answered.size >= this.limits.maxAnswersPerQuestion) {
      throw invalidRequest(`this question already has ${this.limits.maxAnswersPerQuestion} answers`, { status: 409 });
    }
    const bounds = { maxItems: this.limits.maxAnswersPerQuestion * 2, maxBytes: 256 * 1024, ttlSeconds: this.limits.idleSeconds };
    await this.store.append<Answer>(namespace, key, [{ learner, option }], bounds);
    await this.publish(code, { type: 'tally' });
    return this.tally(record);
  }

  /** Learners following the class, over every instance. */
  async learnerCount(code: string): Promise<number> {
    return (await otherInstancesCount(this.store, code, this.instance)) + (this.local.get(code)?.learners.size ?? 0);
  }

  /**
   * The class's event stream (Server-Sent Events): the state at once (a late joiner lands on the
   * current step), then every change; the instructor's stream also gets the learner count and tally.
   * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
   */
  async open(code: string, role: StreamClient['role'], learner: string, watch?: string): Promise<Response> {
    const record = await this.record(code);
    if (role === 'instructor' && !secretMatches(record.watchHash, watch)) {
      throw accessDenied('only the instructor who started this class can watch its tally', { status: 403, mayRedirect: false });
    }
    const local = this.localClass(code);
    if (role === 'follower' && !local.learners.has(learner)) {
      if ((await this.learnerCount(code)) >= this.limits.maxFollowersPerClass) {
        this.dropIfIdle(code);
        throw invalidRequest(`this class is full (${this.limits.maxFollowersPerClass} learners)`, { status: 409 });
      }
    }
    let client: StreamClient | undefined;
    return eventStreamResponse(
      (sink) => {
        client = { ...sink, role, learner };
        this.attach(code, local, client);
        // The retry delay a browser waits before reconnecting, then where the class is.
        client.send(`retry: 2000\n${sse('state', publicState(record))}`);
        if (role === 'instructor') void this.sendInstructorView(code, [client]);
      },
      () => {
        if (client) this.detach(code, client);
      },
    );
  }

  /** Ends the class everywhere: its streams are told and closed, its state and answers forgotten. */
  async end(code: string): Promise<void> {
    await this.store.clear(classNamespace(code));
    this.started.delete(code);
    await this.publish(code, { type: 'ended' });
  }

  /** Closes the streams of classes that ended or expired and forgets them; runs on a timer. */
  async sweep(): Promise<void> {
    const codes = new Set([...this.local.keys(), ...this.started]);
    for (const code of codes) {
      if ((await this.store.get(classNamespace(code), RECORD_KEY)) !== undefined) continue;
      this.started.delete(code);
      this.closeLocal(code);
    }
  }

  /** Classes this instance holds anything for (for tests and the benchmark). */
  get localClassCount(): number {
    return new Set([...this.local.keys(), ...this.started]).size;
  }

  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    for (const code of [...this.local.keys()]) this.closeLocal(code);
  }

  private async record(code: string): Promise<ClassRecord> {
    const record = await this.store.get<ClassRecord>(classNamespace(code), RECORD_KEY);
    if (!record) throw notFound();
    return record;
  }

  private async tally(record: ClassRecord): Promise<Tally> {
    const question = questionBefore(flowOf(record), record.step);
    if (!question) return { answers: 0, counts: [] };
    const { items } = await readLog<Answer>(this.store, classNamespace(record.code), answersKey(record.step));
    return tallyAnswers(question, items.map((item) => item.value));
  }

  private async publish(code: string, message: ClassMessage): Promise<void> {
    await this.pubsub.publish(classNamespace(code), JSON.stringify(message));
  }

  private localClass(code: string): LocalClass {
    let local = this.local.get(code);
    if (!local) {
      const created: LocalClass = {
        clients: new Set(),
        learners: new Map(),
        listed: false,
        presenceDue: false,
        unsubscribe: this.pubsub.subscribe(classNamespace(code), (message) => this.deliver(code, message)),
      };
      created.unsubscribe.catch((err: unknown) => console.error('[authserver] could not subscribe to a class', err));
      this.local.set(code, (local = created));
    }
    return local;
  }

  private attach(code: string, local: LocalClass, client: StreamClient): void {
    local.clients.add(client);
    if (client.role === 'follower') {
      local.learners.set(client.learner, (local.learners.get(client.learner) ?? 0) + 1);
      this.presenceChanged(code, local);
    }
  }

  private detach(code: string, client: StreamClient): void {
    const local = this.local.get(code);
    if (!local?.clients.delete(client)) return;
    if (client.role === 'follower') {
      const count = (local.learners.get(client.learner) ?? 1) - 1;
      if (count > 0) local.learners.set(client.learner, count);
      else local.learners.delete(client.learner);
      this.presenceChanged(code, local);
    }
    this.dropIfIdle(code);
  }

  /** A class with no stream here needs no subscription here. */
  private dropIfIdle(code: string): void {
    const local = this.local.get(code);
    if (!local || local.clients.size > 0 || local.presenceDue) return;
    this.local.delete(code);
    void local.unsubscribe.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  private closeLocal(code: string): void {
    const local = this.local.get(code);
    if (!local) return;
    this.local.delete(code);
    for (const client of local.clients) {
      client.send(sse('ended', { code }));
      client.close();
    }
    void local.unsubscribe.then((unsubscribe) => unsubscribe()).catch(() => undefined);
  }

  /** Writes this instance's follower count to the store, at most once per turn of joins and leaves. */
  private presenceChanged(code: string, local: LocalClass): void {
    if (local.presenceDue) return;
    local.presenceDue = true;
    setTimeout(() => {
      local.presenceDue = false;
      void this.writePresence(code, local)
        .then(() => this.publish(code, { type: 'presence' }))
        .catch((err: unknown) => console.error('[authserver] could not count a class', err))
        .finally(() => this.dropIfIdle(code));
    }, 50);
  }

  private async writePresence(code: string, local: LocalClass): Promise<void> {
    local.listed = await writePresence(this.store, code, this.instance, local.learners.size, local.listed, this.limits.idleSeconds);
  }

  private deliver(code: string, raw: string): void {
    const local = this.local.get(code);
    if (!local) return;
    let message: ClassMessage;
    try {
      message = JSON.parse(raw) as ClassMessage;
    } catch {
      return;
    }
    if (message.type === 'state') {
      const text = sse('state', message.state);
      for (const client of local.clients) client.send(text);
    } else if (message.type === 'ended') {
      this.closeLocal(code);
    } else {
      const instructors = [...local.clients].filter((client) => client.role === 'instructor');
      if (instructors.length > 0) void this.sendInstructorView(code, instructors);
    }
  }

  private async sendInstructorView(code: string, clients: readonly StreamClient[]): Promise<void> {
    try {
      const record = await this.record(code);
      const text = sse('learners', { count: await this.learnerCount(code) }) + sse('tally', { step: record.step, ...(await this.tally(record)) });
      for (const client of clients) client.send(text);
    } catch {
      // The class ended meanwhile; its streams are being closed.
    }
  }

  private async keepAlive(): Promise<void> {
    for (const [code, local] of this.local) {
      for (const client of local.clients) client.send(KEEP_ALIVE);
      if (local.learners.size > 0) await this.writePresence(code, local).catch(() => undefined);
    }
  }
}

function flowOf(record: ClassRecord): FlowDefinition {
  const flow = classFlow(record.flow)?.flow;
  if (!flow) throw notFound();
  return flow;
}

/** One hub per store: the handlers sharing a store share its classes' streams in this process. */
const hubs = new WeakMap<Store, ClassHub>();

/** The hub of `store`, made on first use (with `limits`, for tests). */
export function classHubFor(store: Store, limits?: Partial<ClassLimits>): ClassHub {
  let hub = hubs.get(store);
  if (!hub) {
    hubs.set(store, (hub = new ClassHub(store, pubSubOf(store) ?? new MemoryStore({ sweepIntervalMs: 0 }), limits)));
  }
  return hub;
}
