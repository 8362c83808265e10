import { describe, expect, it } from 'vitest';
import { decodeEntities, pageAnchors } from '../e2e/page-anchors';

describe('pageAnchors (the link crawl’s reading of a page)', () => {
  it('finds ids, <a name> and the links of HTML and SVG anchors, resolved against the page', () => {
    const html = `<!doctype html><main id="main"><h2 id='step-one'>One</h2>
      <a href="#step-one">here</a> <a class=x href=../guides/>up</a> <a name="legacy">old</a>
      <svg><a href="/flows/pkce/#step-create-verifier"><text>arrow</text></a></svg>
      <a href="/search/?q=a&amp;b=c#r&#233;sum&#xe9;">query</a></main>`;
    const found = pageAnchors(html, 'http://localhost:4321/flows/authorization-code/');
    expect(found.targets).toEqual(['main', 'step-one', 'legacy']);
    expect(found.links).toEqual([
      'http://localhost:4321/flows/authorization-code/#step-one',
      'http://localhost:4321/flows/guides/',
      'http://localhost:4321/flows/pkce/#step-create-verifier',
      'http://localhost:4321/search/?q=a&b=c#r%C3%A9sum%C3%A9',
    ]);
  });

  it('passes over scripts, styles, templates and comments, which hold no elements', () => {
    const html = `<script>const s = '<a href="/nowhere/" id="fake">';</script><style>a[id="x"]{}</style>
      <!-- <a href="/commented/" id="c"> --><template><a href="/later/" id="t"></a></template><p id="real"></p>`;
    expect(pageAnchors(html, 'http://lab.test/')).toEqual({ targets: ['real'], links: [] });
  });

  it('resolves links against the page’s <base href>', () => {
    expect(pageAnchors('<base href="/oauth-lab/"><a href="flows/">Flows</a>', 'http://lab.test/oauth-lab/x/').links).toEqual(['http://lab.test/oauth-lab/flows/']);
  });

  it('decodes named and numeric character references', () => {
    expect(decodeEntities('a&amp;b&lt;&#35;&#x23;&unknown;')).toBe('a&b<##&unknown;');
  });
});
