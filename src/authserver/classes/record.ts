/**
 * A class as the store keeps it: one value in the class's own namespace, with a TTL that every
 * instructor command renews, so a class nobody drives expires on its own ("a few idle hours").
 * Answers to the open question are a bounded log beside it.
 */
import { base64url, secretsEqual, sha256Text } from '../crypto';
import type { StepChoices } from '../../classroom/choices';

export interface ClassRecord {
  code: string;
  /** The slug of the flow the class walks through. */
  flow: string;
  /** How many steps the instructor has run (0 before the first). */
  step: number;
  /** How the instructor ran them: step id → a non-default choice (`deny`, a learner action id). @see ../../classroom/choices.ts */
  choices: StepChoices;
  /** Whether the instructor has revealed the answer to the question asked before the next step. */
  revealed: boolean;
  /** Bumped on every change, so a follower can tell a newer state from an older one. */
  version: number;
  /** SHA-256 of the instructor secret (steps, reveals, ends), base64url: the secret itself is never stored. */
  secretHash: string;
  /**
   * SHA-256 of the instructor's watch token, which only opens the instructor's event stream (learner
   * count and tally). A browser's EventSource can send no header, so it goes in the URL: it is a token
   * of its own, not the secret, so that URL can never step or end the class.
   */
  watchHash: string;
}

/** What every follower may know. */
export type ClassState = Pick<ClassRecord, 'code' | 'flow' | 'step' | 'choices' | 'revealed' | 'version'>;

export function publicState({ code, flow, step, choices, revealed, version }: ClassRecord): ClassState {
  return { code, flow, step, choices, revealed, version };
}

export const classNamespace = (code: string) => `class:${code}`;
export const RECORD_KEY = 'class';
/** The answers to the question before step `step`, one log per question. */
export const answersKey = (step: number) => `answers:${step}`;

export function hashSecret(secret: string): string {
  return base64url(sha256Text(secret));
}

/** Compares in constant time, so the time taken says nothing about how much of a guess was right. */
export function secretMatches(storedHash: string, secret: unknown): boolean {
  if (typeof secret !== 'string' || secret.length === 0 || secret.length > 200) return false;
  return secretsEqual(hashSecret(secret), storedHash);
}

export interface Answer {
  learner: string;
  option: number;
}
