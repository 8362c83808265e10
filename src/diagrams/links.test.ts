import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stepAnchor, walkthroughSteps } from '../flows/derive.ts';
import { flows } from '../flows/index.ts';
import { escapeXmlAttribute, linkMessages, messageLinkLabel } from './links.ts';

const readSvg = (slug: string) => readFileSync(new URL(`./svg/${slug}.svg`, import.meta.url), 'utf8');
const LINK = /<a class="message-link" href="([^"]*)" aria-label="([^"]*)">(<rect [^>]*\/>)<\/a>/g;
const tiny = (body: string) => `<svg><g class="message" data-step-index="0" data-step-id="a">${body}</g></svg>`;
const HIT = '<rect x="1" y="2" width="3" height="4" class="message-hit"/>';

describe('linkMessages (each arrow of a diagram links to its step)', () => {
  describe.each(flows.map((flow) => [flow.slug, flow] as const))('%s.svg', (slug, flow) => {
    const svg = readSvg(slug);
    const steps = walkthroughSteps(flow);
    const linked = linkMessages(svg, (id) => {
      const step = steps.find((s) => s.id === id)!;
      return { href: `#${stepAnchor(step)}`, label: messageLinkLabel(step) };
    });

    it('makes each message’s hit area one link, named after the step, in step order', () => {
      const links = [...linked.matchAll(LINK)];
      expect(links).toHaveLength(flow.steps.length);
      links.forEach((link, i) => {
        expect(link[1]).toBe(`#step-${flow.steps[i]!.id}`);
        expect(link[2]).toBe(escapeXmlAttribute(`Step ${i + 1}: ${flow.steps[i]!.label}`));
        expect(link[3]).toMatch(/class="message-hit"/);
      });
      // Each link is the last part of its own message group.
      const groups = [...linked.matchAll(/<g class="message" data-step-index="\d+" data-step-id="([^"]+)">[^]*?<\/g>/g)];
      expect(groups.map((g) => g[1])).toEqual(flow.steps.map((s) => s.id));
      for (const [i, group] of groups.entries()) expect(group[0], flow.steps[i]!.id).toMatch(/class="message-hit"\/><\/a><\/g>$/);
    });

    it('hides the drawn words (label lines, number) from assistive technology, and changes nothing else', () => {
      const drawn = svg.match(/<text [^>]*class="(messageText|sequenceNumber)"/g)!;
      expect(linked.match(/<text aria-hidden="true" [^>]*class="(messageText|sequenceNumber)"/g)).toHaveLength(drawn.length);
      expect(linked.replace(LINK, '$3').replace(/<text aria-hidden="true" /g, '<text ')).toBe(svg);
    });
  });

  it('escapes the link target and name for the attribute', () => {
    expect(linkMessages(tiny(`<text class="messageText">x</text>${HIT}`), () => ({ href: '/flows/x/?a=1&b="2"#step-a', label: 'Step 1: 200 { "a": <b> & c }' }))).toBe(
      tiny(
        '<text aria-hidden="true" class="messageText">x</text><a class="message-link" href="/flows/x/?a=1&amp;b=&quot;2&quot;#step-a" ' +
          `aria-label="Step 1: 200 { &quot;a&quot;: &lt;b&gt; &amp; c }">${HIT}</a>`,
      ),
    );
  });

  it('passes each message its step id and 0-based index', () => {
    const seen: [string, number][] = [];
    linkMessages(readSvg('pkce'), (id, index) => {
      seen.push([id, index]);
      return { href: '#', label: id };
    });
    expect(seen).toEqual(flows.find((f) => f.slug === 'pkce')!.steps.map((s, i) => [s.id, i]));
  });

  it('refuses a message without a link or a hit area, an SVG already linked, and a nested group', () => {
    const svg = readSvg('implicit');
    expect(() => linkMessages(svg, (id) => (id === 'read-fragment' ? undefined : { href: '#', label: id }))).toThrow(
      'No link for step 9 (read-fragment)',
    );
    const once = linkMessages(svg, (id) => ({ href: '#', label: id }));
    expect(() => linkMessages(once, (id) => ({ href: '#', label: id }))).toThrow('already linked');
    expect(() => linkMessages(tiny('<text class="messageText">x</text>'), () => ({ href: '#', label: 'a' }))).toThrow('no hit area');
    expect(() => linkMessages(tiny(`<g></g>${HIT}`), () => ({ href: '#', label: 'a' }))).toThrow('not a flat group');
  });
});

describe('messageLinkLabel', () => {
  it('is the step number and label, as the diagram draws them, with an optional note after the number', () => {
    expect(messageLinkLabel({ number: 8, label: 'POST /oauth/token (code, client secret)' })).toBe('Step 8: POST /oauth/token (code, client secret)');
    expect(messageLinkLabel({ number: 1, label: 'code_verifier = random' }, 'added')).toBe('Step 1 (added): code_verifier = random');
  });
});
