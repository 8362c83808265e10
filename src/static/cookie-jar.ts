/**
 * The browser's cookie jar as the Service Worker keeps it for the lab server. A Service Worker never
 * sees the page's cookies (the browser adds them after the worker, on the way to the network), and
 * browsers drop `Cookie` and `Set-Cookie` from requests and responses a script builds; so the worker
 * keeps the cookies the server sets in IndexedDB and hands them back on every request, as the
 * browser would. One jar per site (every tab shares one learner, as cookies do), kept across worker
 * restarts and browser restarts; the server's own TTL on learner ids still applies.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { CookieJar } from '../authserver/server';

const STORE = 'cookies';

export async function openCookieJar(name = 'oauth-sequence-lab-cookies'): Promise<CookieJar> {
  const db: IDBPDatabase = await openDB(name, 1, {
    upgrade(db) {
      db.createObjectStore(STORE);
    },
  });
  return {
    async cookieHeader() {
      const cookies = (await db.getAll(STORE)) as string[];
      return cookies.length > 0 ? cookies.join('; ') : null;
    },
    async setCookie(setCookie) {
      // `name=value; Path=/; SameSite=Lax`: only the pair is kept (the server's ids expire server-side).
      const pair = setCookie.split(';', 1)[0]!.trim();
      const eq = pair.indexOf('=');
      if (eq > 0) await db.put(STORE, pair, pair.slice(0, eq));
    },
  };
}
