/**
 * The browser's side of the class endpoints: plain fetch and EventSource against this site's server,
 * the JSON checked with zod/mini schemas rather than trusted.
 */
import * as z from 'zod/mini';
import { ENDPOINTS } from '../authserver/paths';
import type { StepChoices } from './choices';

export const ClassStateSchema = z.object({
  code: z.string(),
  flow: z.string(),
  step: z.number(),
  /** Step id → the instructor's non-default choice there (see choices.ts). */
  choices: z.record(z.string(), z.string()),
  revealed: z.boolean(),
  version: z.number(),
});
export type ClassStateWire = z.infer<typeof ClassStateSchema>;

const StartedSchema = z.extend(ClassStateSchema, { secret: z.string(), watch: z.string() });
const ErrorSchema = z.object({ error: z.string(), error_description: z.optional(z.string()) });
export const LearnersSchema = z.object({ count: z.number() });
export const TallySchema = z.object({ step: z.number(), answers: z.number(), counts: z.array(z.number()) });

export class ClassRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function send(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (response.status === 204) return null;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = ErrorSchema.safeParse(body);
    throw new ClassRequestError(response.status, error.success ? (error.data.error_description ?? error.data.error) : `the server answered ${response.status}`);
  }
  return body;
}

const post = (path: string, body: unknown) => send(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

export async function startClass(flow: string) {
  return StartedSchema.parse(await post(ENDPOINTS.labClasses, { flow }));
}

export async function readClass(code: string): Promise<ClassStateWire> {
  return ClassStateSchema.parse(await send(`${ENDPOINTS.labClass}?code=${encodeURIComponent(code)}`));
}

export type InstructorCommand = { action: 'step'; step: number; choices: StepChoices } | { action: 'reveal' } | { action: 'end' };

export async function instruct(code: string, secret: string, command: InstructorCommand): Promise<void> {
  await post(ENDPOINTS.labClassInstructor, { code, secret, ...command });
}

export async function sendAnswer(code: string, step: number, option: number): Promise<void> {
  await post(ENDPOINTS.labClassAnswer, { code, step, option });
}

export function classEvents(code: string, watch?: string): EventSource {
  const query = new URLSearchParams({ code, ...(watch ? { role: 'instructor', watch } : {}) });
  return new EventSource(`${ENDPOINTS.labClassEvents}?${query}`);
}
