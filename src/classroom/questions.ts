/**
 * The "predict the next message" questions of a flow: which one is asked before a step, and how a
 * set of answers tallies. Pure, used by the walk-through's card, the class server and the stage view.
 */
import type { FlowDefinition, StepQuestion } from '../flows/types';

/** The question asked before the step at `index` runs (the step after `index` completed ones), if any. */
export function questionBefore(flow: FlowDefinition, index: number): StepQuestion | undefined {
  const step = flow.steps[index];
  return step ? flow.questions?.find((question) => question.step === step.id) : undefined;
}

export function isRightAnswer(question: StepQuestion, option: number): boolean {
  return option === question.answer;
}

/** Whether `option` names one of the question's options. */
export function isOption(question: StepQuestion, option: unknown): option is number {
  return typeof option === 'number' && Number.isInteger(option) && option >= 0 && option < question.options.length;
}

export interface Tally {
  /** How many learners answered. */
  answers: number;
  /** Answers per option, in the question's order. */
  counts: number[];
}

/** Counts each learner once, by their latest answer. */
export function tallyAnswers(question: StepQuestion, answers: readonly { learner: string; option: number }[]): Tally {
  const latest = new Map<string, number>();
  for (const { learner, option } of answers) if (isOption(question, option)) latest.set(learner, option);
  const counts = question.options.map(() => 0);
  for (const option of latest.values()) counts[option]!++;
  return { answers: latest.size, counts };
}

/** "1 answer", "12 answers". */
export function answersLabel(count: number): string {
  return `${count} ${count === 1 ? 'answer' : 'answers'}`;
}

/** "1 learner connected", "30 learners connected". */
export function learnersLabel(count: number): string {
  return `${count} ${count === 1 ? 'learner' : 'learners'} connected`;
}
