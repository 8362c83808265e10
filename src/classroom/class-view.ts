/**
 * What the classroom panel shows, from what the page knows: its role in a class (none, instructor or
 * follower), the class's state from the server, and the learner's own walk-through position and
 * answers. Pure, so it is unit-tested; `bind.ts` only writes it into the elements.
 */
import type { FlowDefinition, StepQuestion } from '../flows/types';
import { displayJoinCode } from './join-code';
import { answersLabel, isRightAnswer, learnersLabel, questionBefore, type Tally } from './questions';

export interface ClassroomState {
  role: 'none' | 'instructor' | 'follower';
  code: string | null;
  /** The join link (the instructor's view). */
  joinUrl: string | null;
  /** A follower is following (not detached). */
  following: boolean;
  /** Steps the instructor has run. */
  classStep: number;
  revealed: boolean;
  learners: number;
  tally: (Tally & { step: number }) | null;
  ended: boolean;
  /** Steps the learner's own walk-through has run. */
  completed: number;
  /** The learner's answers, by the step index the question is asked before. */
  answers: ReadonlyMap<number, number>;
  /** Self-paced questions the learner skipped. */
  skipped: ReadonlySet<number>;
  /** The last request that failed, in words. */
  error: string | null;
}

export const initialClassroom: ClassroomState = {
  role: 'none',
  code: null,
  joinUrl: null,
  following: false,
  classStep: 0,
  revealed: false,
  learners: 0,
  tally: null,
  ended: false,
  completed: 0,
  answers: new Map(),
  skipped: new Set(),
  error: null,
};

export interface QuestionView {
  /** The step index it is asked before (the key of its answer). */
  at: number;
  question: StepQuestion;
  /** `class`: the instructor's question, revealed by the instructor; `self`: the optional card. */
  mode: 'class' | 'self';
  heading: string;
  /** The option the learner chose, once answered. */
  chosen: number | null;
  /** The answer can still be sent. */
  canAnswer: boolean;
  /** Shown once answered (self-paced) or revealed (class). */
  result: { right: boolean; text: string; explanation: string } | null;
  /** A class answer sent, waiting for the reveal. */
  waiting: string | null;
}

export interface ClassroomView {
  banner: { text: string; canStop: boolean; canFollow: boolean } | null;
  question: QuestionView | null;
  /** The "Start a class" button (not offered to a follower or while a class runs). */
  canStart: boolean;
  instructor: {
    code: string;
    joinUrl: string;
    learners: string;
    tally: { question: StepQuestion; answers: string; bars: { label: string; count: number; percent: number; right: boolean }[]; revealed: boolean } | null;
  } | null;
  error: string | null;
}

function resultOf(question: StepQuestion, chosen: number | null) {
  const right = chosen !== null && isRightAnswer(question, chosen);
  const answer = question.options[question.answer]!;
  const text = chosen === null ? `The answer: “${answer}”.` : right ? `Right: “${answer}”.` : `Not quite. The answer: “${answer}”.`;
  return { right, text, explanation: question.explanation };
}

function questionView(flow: FlowDefinition, state: ClassroomState): QuestionView | null {
  if (state.role === 'instructor') return null;
  if (state.role === 'follower' && state.following && !state.ended) {
    const question = questionBefore(flow, state.classStep);
    if (!question) return null;
    const chosen = state.answers.get(state.classStep) ?? null;
    return {
      at: state.classStep,
      question,
      mode: 'class',
      heading: 'Question from the instructor',
      chosen,
      canAnswer: chosen === null && !state.revealed,
      result: state.revealed ? resultOf(question, chosen) : null,
      waiting: chosen !== null && !state.revealed ? 'Answer sent. The instructor reveals the answer before the step runs.' : null,
    };
  }
  const question = questionBefore(flow, state.completed);
  if (!question || state.skipped.has(state.completed)) return null;
  const chosen = state.answers.get(state.completed) ?? null;
  return {
    at: state.completed,
    question,
    mode: 'self',
    heading: 'Predict before you step',
    chosen,
    canAnswer: chosen === null,
    result: chosen === null ? null : resultOf(question, chosen),
    waiting: null,
  };
}

export function classroomView(flow: FlowDefinition, state: ClassroomState): ClassroomView {
  let banner: ClassroomView['banner'] = null;
  if (state.role === 'follower') {
    const text = state.ended
      ? 'The class has ended.'
      : state.following
        ? 'Following the instructor'
        : `Not following the instructor (at step ${state.classStep} of ${flow.steps.length})`;
    banner = { text, canStop: state.following && !state.ended, canFollow: !state.following && !state.ended };
  }
  let instructor: ClassroomView['instructor'] = null;
  if (state.role === 'instructor' && state.code && state.joinUrl && !state.ended) {
    const question = questionBefore(flow, state.classStep);
    const tally = state.tally?.step === state.classStep ? state.tally : { answers: 0, counts: question?.options.map(() => 0) ?? [] };
    instructor = {
      code: displayJoinCode(state.code),
      joinUrl: state.joinUrl,
      learners: learnersLabel(state.learners),
      tally: question
        ? {
            question,
            answers: answersLabel(tally.answers),
            revealed: state.revealed,
            bars: question.options.map((label, index) => {
              const count = tally.counts[index] ?? 0;
              return { label, count, percent: tally.answers === 0 ? 0 : Math.round((100 * count) / tally.answers), right: index === question.answer };
            }),
          }
        : null,
    };
  }
  return {
    banner,
    question: questionView(flow, state),
    canStart: state.role === 'none' || (state.role === 'instructor' && state.ended),
    instructor,
    error: state.error,
  };
}
