/**
 * Pure navigation logic for the reading pages: ordering, previous/next, the
 * "On this page" outline. No Astro or DOM here, so it is unit-tested directly.
 */

/** A page in the sidebar: a flow or a guide. */
export interface NavItem {
  href: string;
  title: string;
  order: number;
  /** Deprecated flows are listed after the others. */
  deprecated?: boolean;
}

/** Reading order: non-deprecated first, then by `order`, then by title. */
export function sortNavItems<T extends NavItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      Number(a.deprecated ?? false) - Number(b.deprecated ?? false) ||
      a.order - b.order ||
      a.title.localeCompare(b.title),
  );
}

export interface PrevNext<T> {
  prev?: T;
  next?: T;
}

/** The neighbours of `href` in an already sorted list. */
export function prevNext<T extends NavItem>(sorted: readonly T[], href: string): PrevNext<T> {
  const i = sorted.findIndex((item) => item.href === href);
  if (i < 0) return {};
  return { prev: sorted[i - 1], next: sorted[i + 1] };
}

/** Same path, ignoring a trailing slash: `/flows/x` and `/flows/x/` are one page. */
export function samePath(a: string, b: string): boolean {
  const strip = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return strip(a) === strip(b);
}

/** A heading as Astro's `render()` reports it. */
export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

export interface TocEntry {
  slug: string;
  text: string;
  children: TocEntry[];
}

/**
 * Nests h2 and h3 headings into an outline (h3 under the preceding h2).
 * Deeper headings are left out to keep the list short; an h3 before any h2 becomes top level.
 */
export function buildToc(headings: readonly Heading[]): TocEntry[] {
  const toc: TocEntry[] = [];
  for (const h of headings) {
    if (h.depth === 2 || (h.depth === 3 && toc.length === 0)) {
      toc.push({ slug: h.slug, text: h.text, children: [] });
    } else if (h.depth === 3) {
      toc[toc.length - 1]?.children.push({ slug: h.slug, text: h.text, children: [] });
    }
  }
  return toc;
}

/**
 * Turns "RFC 6749 §4.1.2" (or "RFC 7636 §4.6, RFC 9700 §2.1") into links to the RFC text.
 * Anything that does not look like an RFC reference is kept as plain text (no href).
 */
export function rfcLinks(reference: string): { text: string; href?: string }[] {
  return reference
    .split(/\s*[,;]\s*/)
    .filter(Boolean)
    .map((part) => {
      const m = /^RFC\s*(\d{3,5})(?:\s*§\s*([\d.]*\d|[A-Z](?:\.\d+)*))?/i.exec(part);
      if (!m) return { text: part };
      const [, number, section] = m;
      const anchor = section
        ? /^[A-Z]/i.test(section)
          ? `#appendix-${section}`
          : `#section-${section}`
        : '';
      return { text: part, href: `https://www.rfc-editor.org/rfc/rfc${number}${anchor}` };
    });
}

/** Decodes the few entities an HTML string of heading text can hold, for use as plain text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
    .trim();
}
