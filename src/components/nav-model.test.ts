import { describe, expect, it } from 'vitest';
import { buildToc, htmlToText, prevNext, rfcLinks, samePath, sortNavItems } from './nav-model';

describe('sortNavItems', () => {
  it('orders by `order`, lists deprecated pages last and breaks ties by title', () => {
    const items = [
      { href: '/c', title: 'Implicit', order: 1, deprecated: true },
      { href: '/b', title: 'B', order: 2 },
      { href: '/a2', title: 'Zed', order: 1 },
      { href: '/a1', title: 'Alpha', order: 1 },
    ];
    expect(sortNavItems(items).map((i) => i.href)).toEqual(['/a1', '/a2', '/b', '/c']);
  });
});

describe('prevNext', () => {
  const sorted = [
    { href: '/flows/a/', title: 'A', order: 1 },
    { href: '/flows/b/', title: 'B', order: 2 },
    { href: '/flows/c/', title: 'C', order: 3 },
  ];

  it('gives the neighbours of a page in the middle', () => {
    const { prev, next } = prevNext(sorted, '/flows/b/');
    expect(prev?.title).toBe('A');
    expect(next?.title).toBe('C');
  });

  it('has no previous page for the first and no next page for the last', () => {
    expect(prevNext(sorted, '/flows/a/').prev).toBeUndefined();
    expect(prevNext(sorted, '/flows/c/').next).toBeUndefined();
  });

  it('returns nothing for a page not in the list', () => {
    expect(prevNext(sorted, '/nowhere/')).toEqual({});
  });
});

describe('samePath', () => {
  it('ignores a trailing slash', () => {
    expect(samePath('/flows/pkce', '/flows/pkce/')).toBe(true);
    expect(samePath('/', '/')).toBe(true);
    expect(samePath('/flows/', '/flows/pkce/')).toBe(false);
  });
});

describe('buildToc', () => {
  it('nests h3 under the preceding h2 and drops deeper headings', () => {
    const toc = buildToc([
      { depth: 2, slug: 'why', text: 'Why' },
      { depth: 3, slug: 'csrf', text: 'CSRF' },
      { depth: 4, slug: 'deep', text: 'Deep' },
      { depth: 2, slug: 'how', text: 'How' },
    ]);
    expect(toc).toEqual([
      { slug: 'why', text: 'Why', children: [{ slug: 'csrf', text: 'CSRF', children: [] }] },
      { slug: 'how', text: 'How', children: [] },
    ]);
  });

  it('keeps an h3 that comes before any h2 at the top level', () => {
    expect(buildToc([{ depth: 3, slug: 'x', text: 'X' }])).toEqual([{ slug: 'x', text: 'X', children: [] }]);
  });
});

describe('rfcLinks', () => {
  it('links a section of an RFC on rfc-editor.org', () => {
    expect(rfcLinks('RFC 6749 §4.1.2')).toEqual([
      { text: 'RFC 6749 §4.1.2', href: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
    ]);
  });

  it('links a whole RFC, an appendix, and several references', () => {
    expect(rfcLinks('RFC 8628, RFC 6749 §A.1; RFC 7636 §4.6').map((l) => l.href)).toEqual([
      'https://www.rfc-editor.org/rfc/rfc8628',
      'https://www.rfc-editor.org/rfc/rfc6749#appendix-A.1',
      'https://www.rfc-editor.org/rfc/rfc7636#section-4.6',
    ]);
  });

  it('keeps text that is not an RFC reference without a link', () => {
    expect(rfcLinks('OAuth 2.1 draft')).toEqual([{ text: 'OAuth 2.1 draft' }]);
  });
});

describe('htmlToText', () => {
  it('strips tags and decodes entities', () => {
    expect(htmlToText('Why <code>state</code> &amp; PKCE&#39;s &lt;verifier&gt;')).toBe("Why state & PKCE's <verifier>");
  });
});
