/**
 * What a page offers to and asks of links, read from its HTML as the server sent it: the ids (and
 * `<a name>`) a fragment can land on, and the `href` of every link (HTML and SVG `<a>`), resolved
 * against the page's URL. No browser: the link crawl reads hundreds of pages this way in seconds.
 * Script, style, comment and template text is passed over, as it is not part of the document.
 */

/** The text of `<script>`, `<style>`, `<template>` and comments, which hold no elements of the page. */
const NOT_MARKUP = /<!--[\s\S]*?-->|<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const START_TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an attribute value may hold (`&amp;`, `&#35;`, `&#x23;`). */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1)));
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name, double, single, bare] of text.matchAll(ATTRIBUTE)) {
    const key = name!.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, decodeEntities(double ?? single ?? bare ?? ''));
  }
  return attributes;
}

export interface PageAnchors {
  /** Every `id`, and every `<a name>`: where a fragment may point. */
  targets: string[];
  /** Every link's `href`, resolved against `pageUrl` (and the page's `<base href>`, if any). */
  links: string[];
}

export function pageAnchors(html: string, pageUrl: string): PageAnchors {
  const markup = html.replace(NOT_MARKUP, '');
  const targets: string[] = [];
  const hrefs: string[] = [];
  let base = pageUrl;
  for (const [, tag, rest] of markup.matchAll(START_TAG)) {
    const name = tag!.toLowerCase();
    const attributes = attributesOf(rest ?? '');
    const id = attributes.get('id');
    if (id) targets.push(id);
    if (name === 'base' && attributes.has('href')) base = new URL(attributes.get('href')!, pageUrl).href;
    if (name === 'a') {
      const anchorName = attributes.get('name');
      if (anchorName) targets.push(anchorName);
      const href = attributes.get('href');
      if (href !== undefined) hrefs.push(href);
    }
  }
  return { targets, links: hrefs.map((href) => new URL(href, base).href) };
}
