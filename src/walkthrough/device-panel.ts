import QRCode from 'qrcode';
import { deviceScreen } from './device-screen';
import type { LearnerData, Outcome } from './types';

/** What the walk-through hands to extra panels on each render (the `walkthrough:render` event's detail). */
export interface PanelRenderDetail {
  learner: LearnerData;
  outcome: Outcome | null;
}

function part<T extends Element>(panel: HTMLElement, selector: string): T {
  const element = panel.querySelector<T>(selector);
  if (!element) throw new Error(`Device panel markup is missing ${selector}`);
  return element;
}

/** The QR code of `text` as an SVG data URL. */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Draws the device's screen in `panel` (see DevicePanel.astro); returns the function to call on each render. */
export function createDevicePanelView(panel: HTMLElement): (detail: PanelRenderDetail) => void {
  const view = {
    headline: part<HTMLElement>(panel, '[data-tv-headline]'),
    instructions: part<HTMLElement>(panel, '[data-tv-instructions]'),
    uri: part<HTMLElement>(panel, '[data-tv-uri]'),
    code: part<HTMLElement>(panel, '[data-tv-code]'),
    qr: part<HTMLImageElement>(panel, '[data-tv-qr]'),
    status: part<HTMLElement>(panel, '[data-tv-status]'),
  };
  let qrFor: string | null = null;

  return ({ learner, outcome }) => {
    const screen = deviceScreen(learner, outcome);
    panel.dataset.phase = screen.phase;
    view.headline.textContent = screen.headline;
    view.status.textContent = screen.status;
    view.instructions.hidden = screen.user_code === null;
    view.uri.textContent = screen.verification_uri ?? '';
    view.code.textContent = screen.user_code ?? '';
    view.qr.hidden = screen.qr_text === null;
    if (screen.qr_text !== null && screen.qr_text !== qrFor) {
      const text = screen.qr_text;
      qrFor = text;
      view.qr.alt = `QR code that opens ${text}`;
      void qrCodeDataUrl(text).then((url) => {
        if (qrFor === text) view.qr.src = url;
      });
    }
  };
}
