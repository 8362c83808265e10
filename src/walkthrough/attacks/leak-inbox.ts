import type { LeakReport } from '../../authserver/attacker/leak-report';

/**
 * Where the page keeps what the attacker's third-party script reported (`leak-report.ts`), by the
 * address of the page it ran on, so a step can ask for the report of the page the frame shows now.
 * Pure: the page feeds it the reports of its frame (`attack-ui.ts`), tests feed it by hand.
 */
export interface LeakInbox {
  receive(report: LeakReport): void;
  /** The latest report from the page at `href`, waiting up to `timeoutMs` for one to arrive; null if none does. */
  reportFrom(href: string, timeoutMs: number): Promise<LeakReport | null>;
}

/** How many pages' reports are kept (the oldest is dropped): a run visits a handful. */
const KEPT = 20;

export function createLeakInbox(): LeakInbox {
  const reports = new Map<string, LeakReport>();
  const waiters = new Map<string, Set<(report: LeakReport) => void>>();

  return {
    receive(report) {
      reports.delete(report.href);
      reports.set(report.href, report);
      if (reports.size > KEPT) reports.delete(reports.keys().next().value!);
      for (const resolve of waiters.get(report.href) ?? []) resolve(report);
      waiters.delete(report.href);
    },
    reportFrom(href, timeoutMs) {
      const known = reports.get(href);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => {
        const waiting = waiters.get(href) ?? new Set();
        const done = (report: LeakReport | null) => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve(report);
        };
        const timer = setTimeout(() => done(null), timeoutMs);
        waiting.add(done);
        waiters.set(href, waiting);
      });
    },
  };
}
