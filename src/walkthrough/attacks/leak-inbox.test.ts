import { describe, expect, it } from 'vitest';
import { CLIENT_PAGES } from '../../authserver/paths';
import { LEAK_REPORT, readLeakReport, thirdPartyScriptSource } from '../../authserver/attacker/leak-report';
import { createLeakInbox } from './leak-inbox';

const lab = 'http://localhost:4321';
const page = `${lab}${CLIENT_PAGES.widgetCallback}#access_token=t&state=s`;
const report = { href: page, referrer: '', referer: `${lab}${CLIENT_PAGES.widgetCallback}` };

describe('the third-party script’s report', () => {
  it('is read only from a well-formed message', () => {
    expect(readLeakReport({ type: LEAK_REPORT, ...report })).toEqual(report);
    expect(readLeakReport({ type: 'osl:frame-location', ...report })).toBeNull();
    expect(readLeakReport({ type: LEAK_REPORT, href: page, referrer: '' })).toBeNull();
    expect(readLeakReport({ type: LEAK_REPORT, ...report, href: 'not a url' })).toBeNull();
    expect(readLeakReport('osl:attacker-leak')).toBeNull();
    expect(readLeakReport(null)).toBeNull();
  });

  it('carries the Referer its request arrived with as a string literal, whatever the header holds', () => {
    const referer = `${lab}/x?q="</script>\u2028`;
    const source = thirdPartyScriptSource(referer);
    expect(source).toContain(`var referer=${JSON.stringify(referer)};`);
    expect(thirdPartyScriptSource(null)).toContain('var referer="";');
  });
});

describe('the leak inbox', () => {
  it('answers with the latest report of a page, including one that arrived before the question', async () => {
    const inbox = createLeakInbox();
    inbox.receive({ ...report, referer: 'first' });
    inbox.receive(report);
    await expect(inbox.reportFrom(page, 10)).resolves.toEqual(report);
  });

  it('waits for a report that arrives later, and gives up with null after the timeout', async () => {
    const inbox = createLeakInbox();
    const waiting = inbox.reportFrom(page, 5_000);
    inbox.receive({ ...report, href: `${lab}/other` });
    inbox.receive(report);
    await expect(waiting).resolves.toEqual(report);
    await expect(inbox.reportFrom(`${lab}/never`, 1)).resolves.toBeNull();
  });

  it('keeps a bounded number of pages', async () => {
    const inbox = createLeakInbox();
    for (let i = 0; i < 30; i++) inbox.receive({ ...report, href: `${page}&n=${i}` });
    await expect(inbox.reportFrom(`${page}&n=0`, 1)).resolves.toBeNull();
    await expect(inbox.reportFrom(`${page}&n=29`, 1)).resolves.toMatchObject({ href: `${page}&n=29` });
  });
});
