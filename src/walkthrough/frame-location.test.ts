import { CLIENT_PAGES } from '../authserver/paths';
import { describe, expect, it } from 'vitest';
import { frameLocationMessage, readFrameLocation, reportTargets, siteOrigins } from './frame-location';

describe('frame location reports', () => {
  const callback = new URL(`http://127.0.0.1:4406${CLIENT_PAGES.nativeCallback}?code=c1&state=s1`);

  it('lists this site’s own origins on the same scheme and port', () => {
    expect(siteOrigins(callback)).toEqual(['http://127.0.0.1:4406', 'http://localhost:4406', 'http://[::1]:4406']);
  });

  it('posts only to the parent’s origin when the browser names it, and only if it is this site', () => {
    expect(reportTargets(callback, 'http://localhost:4406')).toEqual(['http://localhost:4406']);
    expect(reportTargets(callback, 'https://attacker.example')).toEqual([]);
    expect(reportTargets(callback, 'http://localhost:9999')).toEqual([]);
    expect(reportTargets(callback)).toEqual(siteOrigins(callback));
  });

  it('accepts a report only for a URL on the origin that sent it', () => {
    const message = frameLocationMessage(callback.href);
    expect(readFrameLocation(message, 'http://127.0.0.1:4406')).toBe(callback.href);
    expect(readFrameLocation(message, 'http://localhost:4406')).toBeNull();
    expect(readFrameLocation({ type: 'other', href: callback.href }, 'http://127.0.0.1:4406')).toBeNull();
    expect(readFrameLocation({ type: message.type, href: 'not a url' }, 'http://127.0.0.1:4406')).toBeNull();
    expect(readFrameLocation('text', 'http://127.0.0.1:4406')).toBeNull();
  });
});
