import type { Decision } from './types';

/** Credentials the walk-through types for the learner when they press Next at the consent page. */
export interface DemoCredentials {
  username: string;
  password: string;
}

/**
 * The embedded browser frame, as step effects see it. The page implements it with an `<iframe>`
 * (same origin, so the walk-through can read where it landed); tests implement it with a fake.
 */
export interface BrowserFramePort {
  /** Loads `url` in the frame and resolves with the URL it settled on (after any redirects). */
  navigate(url: string): Promise<string>;
  /** The URL the frame shows now; null when blank. */
  currentUrl(): string | null;
  /**
   * Answers the server's login and consent page as a user would: fills the credentials when
   * a login form is shown, then presses the button for `decision`. Resolves with the URL the
   * frame settled on once `isDone(url)` holds (or when no form is left to submit).
   */
  submitConsent(decision: Decision, credentials: DemoCredentials, isDone: (url: string) => boolean): Promise<string>;
  /** The HTTP status of the frame's current document, as the browser received it (null when unknown). */
  documentStatus(): number | null;
}
