/**
 * Full-text search over the built site with Pagefind. The index and its JavaScript are
 * written to `/pagefind/` after the build (see `src/integrations/pagefind.ts`) and loaded
 * only when the reader first searches.
 */

export interface SearchHit {
  url: string;
  title: string;
  /** HTML with the matched words in <mark>; Pagefind escapes the page text. */
  excerpt: string;
}

interface PagefindResultData {
  url: string;
  meta: { title?: string };
  excerpt: string;
}

interface PagefindModule {
  /** `baseUrl` starts every result's URL (the site's base, when it is published under a sub-path). */
  options(options: { baseUrl: string }): Promise<void>;
  init(): Promise<void>;
  debouncedSearch(
    query: string,
    options?: object,
    ms?: number,
  ): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
}

let loading: Promise<PagefindModule> | undefined;

function loadPagefind(): Promise<PagefindModule> {
  if (!loading) {
    const base = import.meta.env.BASE_URL;
    const url = `${base}pagefind/pagefind.js`;
    loading = (import(/* @vite-ignore */ url) as Promise<PagefindModule>).then(async (mod) => {
      await mod.options({ baseUrl: base });
      await mod.init();
      return mod;
    });
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/**
 * Searches; resolves to `null` when a newer query superseded this one (typing fast).
 * Rejects when the index is missing (the development server has none).
 */
export async function search(query: string, limit = 8): Promise<SearchHit[] | null> {
  const pagefind = await loadPagefind();
  const found = await pagefind.debouncedSearch(query, {}, 150);
  if (!found) return null;
  const data = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
  return data.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt }));
}

/** Renders hits into a list element and announces the count in a live region. */
export function renderHits(list: HTMLElement, status: HTMLElement, query: string, hits: SearchHit[]): void {
  list.replaceChildren(
    ...hits.map((hit) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = hit.url;
      a.className = 'search-hit';
      const title = document.createElement('span');
      title.className = 'search-hit-title';
      title.textContent = hit.title;
      const excerpt = document.createElement('span');
      excerpt.className = 'search-hit-excerpt';
      excerpt.innerHTML = hit.excerpt;
      a.append(title, excerpt);
      li.append(a);
      return li;
    }),
  );
  status.textContent =
    hits.length === 0
      ? `No results for “${query}”.`
      : `${hits.length} result${hits.length === 1 ? '' : 's'} for “${query}”.`;
}

/** Wires a search input to a result list: search as you type, ↓ moves into the results. */
export function connectSearchBox(input: HTMLInputElement, list: HTMLElement, status: HTMLElement): void {
  async function run() {
    const query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    try {
      const hits = await search(query);
      if (hits && input.value.trim() === query) renderHits(list, status, query, hits);
    } catch {
      status.textContent = 'Search is available on the built site (run npm run build).';
    }
  }
  input.addEventListener('input', run);
  input.form?.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = list.querySelector<HTMLAnchorElement>('a');
    if (first) window.location.assign(first.href);
    else void run();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      const first = list.querySelector<HTMLAnchorElement>('a');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  list.addEventListener('keydown', (e) => {
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && links[i + 1]) {
      e.preventDefault();
      links[i + 1]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      (links[i - 1] ?? input).focus();
    }
  });
  if (input.value.trim()) void run();
}
