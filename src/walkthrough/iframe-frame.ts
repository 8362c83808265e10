import type { BrowserFramePort, DemoCredentials } from './frame';
import type { Decision } from './types';

/** How long a page in the frame may take to load before the step fails. */
const LOAD_TIMEOUT_MS = 15_000;

/**
 * The browser frame of the page: a same-origin `<iframe>`. The walk-through navigates it,
 * reads where it landed and, when the learner asks, fills and submits the server's form in it.
 */
export function createIframeFrame(iframe: HTMLIFrameElement): BrowserFramePort {
  const frameWindow = () => iframe.contentWindow;

  function currentUrl(): string | null {
    try {
      const href = frameWindow()?.location.href;
      return !href || href === 'about:blank' ? null : href;
    } catch {
      return null; // another origin: not ours to read
    }
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
    const loaded = nextLoad();
    try {
      // replace(): the frame's steps stay out of the page's Back button history.
      frameWindow()?.location.replace(url);
    } catch {
      iframe.src = url;
    }
    await loaded;
    return currentUrl() ?? 'about:blank';
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
    }
    return currentUrl() ?? 'about:blank';
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

  return { navigate, currentUrl, submitConsent, documentStatus };
}
