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
  /**
   * The server's page that the frame's page frames in turn (the clickjacking decoy frames the consent
   * page invisibly), when it is on the lab's own origin and loaded; null when there is none the lab can
   * read (the browser refused to render it there). Only the clickjacking lesson needs it.
   */
  framedForm?(): FramedFormPort | null;
}

/** A form framed inside the frame's page, out of the lab's sight but on its origin. */
export interface FramedFormPort {
  /** Types the credentials into its login fields, without submitting. */
  signIn(credentials: DemoCredentials): void;
  /** Clicks its button for `decision`, as a click landing on it does; resolves with the URL the frame loads next. */
  click(decision: Decision): Promise<string>;
}
