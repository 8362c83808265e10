import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkMessages } from './links.ts';
import { markMessages } from './marks.ts';

const readSvg = (slug: string) => readFileSync(new URL(`./svg/${slug}.svg`, import.meta.url), 'utf8');

describe('markMessages (the compare page marks steps with a symbol)', () => {
  const svg = readSvg('pkce');
  const marked = markMessages(svg, (id) => (id === 'create-verifier' ? { kind: 'added', symbol: '+' } : id === 'token-request' ? { kind: 'changed', symbol: '≠' } : undefined));

  it('marks only the steps it is asked to, with a data-mark and a visible symbol inside the message', () => {
    const groups = [...marked.matchAll(/<g class="message" data-step-index="\d+" data-step-id="([^"]+)"( data-mark="([^"]+)")?>/g)];
    expect(groups.filter((g) => g[3]).map((g) => [g[1], g[3]])).toEqual([
      ['create-verifier', 'added'],
      ['token-request', 'changed'],
    ]);
    expect([...marked.matchAll(/class="step-mark" aria-hidden="true">([^<]+)<\/text><\/g>/g)].map((m) => m[1])).toEqual(['+', '≠']);
  });

  it('puts the mark beside the step number, on the side the arrow does not go to', () => {
    const mark = (id: string) => {
      const start = marked.indexOf(`data-step-id="${id}"`);
      return /<text x="([-\d.]+)" y="([-\d.]+)" text-anchor="(\w+)" class="step-mark"/.exec(marked.slice(start))!;
    };
    // The self-check loops right of the app's lifeline (M 427,162.5): the mark sits left of the number.
    expect(mark('create-verifier').slice(1)).toEqual(['413', '168.5', 'end']);
    // The token request goes right, from the app (x1 433, y1 750.08…) to the server: the mark sits left too.
    expect(svg).toMatch(/data-step-id="token-request">[^]*?<line x1="433" y1="750.08\d*" x2="(\d+)"/);
    expect(mark('token-request').slice(1)).toEqual(['419', '756.08', 'end']);
  });

  it('puts the mark right of the number when the arrow goes left', () => {
    const left = markMessages(svg, (id) => (id === 'redirect-to-authorize' ? { kind: 'shared', symbol: '=' } : undefined));
    // "Navigate to /oauth/authorize" goes from the app (x1 431) left to the browser (x2 193).
    expect(left).toContain('<text x="445" y="294.75" text-anchor="start" class="step-mark" aria-hidden="true">=</text>');
  });

  it('changes nothing else, and the marked SVG still links every message', () => {
    expect(marked.replace(/ data-mark="[^"]+"/g, '').replace(/<text [^>]*class="step-mark"[^>]*>[^<]*<\/text>/g, '')).toBe(svg);
    const linked = linkMessages(marked, (id) => ({ href: `#step-${id}`, label: id }));
    expect(linked).toMatch(/data-step-id="create-verifier" data-mark="added">[^]*?<a class="message-link" href="#step-create-verifier"[^]*?class="step-mark" aria-hidden="true">\+<\/text><\/g>/);
  });

  it('escapes the kind and the symbol', () => {
    const out = markMessages(svg, (id) => (id === 'callback' ? { kind: 'a"b', symbol: '<&>' } : undefined));
    expect(out).toContain('data-mark="a&quot;b"');
    expect(out).toContain('>&lt;&amp;&gt;</text>');
  });
});
