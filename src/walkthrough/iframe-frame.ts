import { CONSENT_DECISION_FRAGMENT } from '../authserver/paths';
import type { BrowserFramePort, DemoCredentials, FramedFormPort } from './frame';
import { readFrameLocation } from './frame-location';
import type { Decision } from './types';

/** How long a page in the frame may take to load before the step fails. */
const LOAD_TIMEOUT_MS = 15_000;
/** How long a page on another origin may take to report its address after it loaded. */
const REPORT_TIMEOUT_MS = 3_000;

/** The page's iframe frame: the effects' port, plus a way for the page to follow where the frame is. */
export interface IframeFrame extends BrowserFramePort {
  /**
   * Calls `listener` with the frame's URL each time it loads a page it can read, and each time a
   * page on another origin reports its address (see `frame-location.ts`).
   */
  onLocation(listener: (url: string | null) => void): void;
}

/**
 * The browser frame of the page: a same-origin `<iframe>`. The walk-through navigates it,
 * reads where it landed and, when the learner asks, fills and submits the server's form in it.
 * A page on another origin (the native app's loopback redirect) cannot be read; the lab's pages
 * report their address with `postMessage` instead, and that report counts as where the frame is.
 */
export function createIframeFrame(iframe: HTMLIFrameElement): IframeFrame {
  const frameWindow = () => iframe.contentWindow;
  /** The address reported by a page on another origin (null once a readable page loads). */
  let reported: string | null = null;
  const reportWaiters = new Set<(url: string) => void>();
  const listeners = new Set<(url: string | null) => void>();

  /** The frame's URL when it is readable (null: blank); undefined when it is on another origin. */
  function readableUrl(): string | null | undefined {
    try {
      const href = frameWindow()?.location.href;
      return !href || href === 'about:blank' ? null : href;
    } catch {
      return undefined; // another origin: not ours to read
    }
  }

  function currentUrl(): string | null {
    const readable = readableUrl();
    return readable === undefined ? reported : readable;
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frameWindow() || readableUrl() !== undefined) return;
    const href = readFrameLocation(event.data, event.origin);
    if (!href) return;
    reported = href;
    for (const resolve of reportWaiters) resolve(href);
    reportWaiters.clear();
    for (const listener of listeners) listener(href);
  });

  iframe.addEventListener('load', () => {
    const readable = readableUrl();
    if (readable === undefined) {
      // Another origin: its report (before or after this load) tells where it is.
      if (reported) for (const listener of listeners) listener(reported);
      return;
    }
    reported = null;
    for (const listener of listeners) listener(readable);
  });

  /** After a load: the URL, waiting briefly for the report of a page on another origin. */
  async function settledUrl(): Promise<string | null> {
    const url = currentUrl();
    if (url !== null || readableUrl() !== undefined) return url;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        reportWaiters.delete(done);
        resolve(null);
      }, REPORT_TIMEOUT_MS);
      function done(href: string) {
        clearTimeout(timer);
        resolve(href);
      }
      reportWaiters.add(done);
    });
  }

  function nextLoad(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        iframe.removeEventListener('load', onLoad);
        reject(new Error('The page in the browser frame did not load in time.'));
      }, LOAD_TIMEOUT_MS);
      function onLoad() {
        clearTimeout(timer);
        resolve();
      }
      iframe.addEventListener('load', onLoad, { once: true });
    });
  }

  async function navigate(url: string): Promise<string> {
    reported = null;
    const loaded = nextLoad();
    try {
      // replace(): the frame's steps stay out of the page's Back button history.
      frameWindow()?.location.replace(url);
    } catch {
      iframe.src = url;
    }
    await loaded;
    return (await settledUrl()) ?? 'about:blank';
  }

  function fill(input: HTMLInputElement | null, value: string) {
    if (!input || input.value) return;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }

  async function submitConsent(decision: Decision, credentials: DemoCredentials, isDone: (url: string) => boolean) {
    // A login page and a consent page may come one after the other: answer each, at most a few.
    for (let page = 0; page < 3; page++) {
      const url = currentUrl();
      if (url && isDone(url)) return url;
      const doc = iframe.contentDocument;
      const form = doc?.querySelector('form');
      if (!doc || !form) throw new Error('There is no login or consent form in the browser frame.');
      const button =
        form.querySelector<HTMLButtonElement>(`button[name="decision"][value="${decision}"]`) ??
        [...form.querySelectorAll<HTMLButtonElement>('button')].find((b) =>
          (decision === 'approve' ? /approve|allow/i : /deny|cancel/i).test(b.textContent ?? ''),
        );
      if (decision === 'approve' || !button) {
        fill(form.querySelector<HTMLInputElement>('input[name="username"], input[autocomplete="username"]'), credentials.username);
        fill(form.querySelector<HTMLInputElement>('input[type="password"]'), credentials.password);
      }
      const loaded = nextLoad();
      if (button) button.click();
      else form.requestSubmit();
      await loaded;
      await settledUrl();
    }
    return currentUrl() ?? 'about:blank';
  }

  /** The form in the first frame of the frame's page, when it is on the lab's origin and loaded. */
  function framedFormElement(): HTMLFormElement | null {
    try {
      const doc = frameWindow()?.frames[0]?.document;
      return doc?.readyState === 'complete' ? doc.querySelector('form') : null;
    } catch {
      return null; // another origin, or the browser's own error page for a frame it refused to render
    }
  }

  function framedForm(): FramedFormPort | null {
    const found = framedFormElement();
    if (!found) return null;
    return {
      signIn(credentials) {
        fill(found.querySelector<HTMLInputElement>('input[name="username"]'), credentials.username);
        fill(found.querySelector<HTMLInputElement>('input[type="password"]'), credentials.password);
        // The framing page asked for the page scrolled to its buttons (a fragment); a late layout change
        // (a font arriving on a busy machine) can move them after that scroll, so put them back at the top.
        const view = found.ownerDocument.defaultView;
        const target = view && found.ownerDocument.getElementById(CONSENT_DECISION_FRAGMENT.slice(1));
        if (view && target) view.scrollTo(0, view.scrollY + target.getBoundingClientRect().top);
      },
      async click(decision) {
        const button = found.querySelector<HTMLButtonElement>(`button[name="decision"][value="${decision}"]`);
        if (!button) throw new Error(`The framed page has no ${decision} button.`);
        // The frame's page moves on by itself (the decoy opens the page its hidden frame lands on).
        reported = null;
        const loaded = nextLoad();
        button.click();
        await loaded;
        return (await settledUrl()) ?? 'about:blank';
      },
    };
  }

  function documentStatus(): number | null {
    try {
      const [entry] = frameWindow()?.performance.getEntriesByType('navigation') ?? [];
      const status = (entry as (PerformanceNavigationTiming & { responseStatus?: number }) | undefined)?.responseStatus;
      return typeof status === 'number' && status > 0 ? status : null;
    } catch {
      return null;
    }
  }

  function onLocation(listener: (url: string | null) => void) {
    listeners.add(listener);
  }

  return { navigate, currentUrl, submitConsent, documentStatus, framedForm, onLocation };
}
