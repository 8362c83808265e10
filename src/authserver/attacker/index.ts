/**
 * The attacker's side of the attack lessons, answered only on the attacker's site (`origin.ts`: its
 * own origin on the Node server, `<site>/attacker-site` on the static site): the attacker's pages
 * (`pages.ts`) and, for the mix-up lesson, the attacker's own authorization server: a second instance
 * of this server's handler under the issuer `<attacker site>/attacker-as`, with its own keys and store
 * (the lab's store under a prefix). Requests to it carry no learner cookie: the attacker's server is
 * another party, and it shares nothing with the lab's learners. Anything else, and these paths
 * anywhere but on the attacker's site, goes to the lab's server.
 */
import { jwksEndpoint, metadataEndpoint } from '../endpoints/metadata';
import { tokenEndpoint } from '../endpoints/token';
import { redirect, type ServerRequest } from '../http';
import { ATTACKER_AS, ATTACKER_PAGES, ENDPOINTS } from '../paths';
import { answering, backChannel, createServer, frontChannel, type AuthServer, type Endpoint, type RouteTable } from '../server';
import { attackerPathOf, type AttackerSite } from './origin';
import { catchPage, decoyPage, thirdPartyScript } from './pages';
import { prefixedStore } from './store';

/**
 * The attacker's authorization endpoint in the mix-up: the client sent the user here, and the
 * attacker's server sends them straight on to the honest server's authorization endpoint with every
 * parameter as it came (the client's id is the same at both), so the honest server issues the code.
 * @see RFC 9700 §4.4.1
 */
const mixUpAuthorize =
  (lab: string): Endpoint =>
  async (ctx) =>
    redirect(`${lab}${ENDPOINTS.authorize}${ctx.url.search}`);

function attackerRoutes(lab: string): RouteTable {
  return {
    [ENDPOINTS.metadata]: backChannel({ GET: metadataEndpoint }),
    [ENDPOINTS.authorize]: frontChannel({ GET: mixUpAuthorize(lab) }),
    [ENDPOINTS.token]: backChannel({ POST: tokenEndpoint }),
    [ENDPOINTS.jwks]: backChannel({ GET: jwksEndpoint }),
  };
}

/** Which of the attacker's paths a request is for, if any. */
function attackerPath(pathname: string): 'page' | 'server' | undefined {
  if ((Object.values(ATTACKER_PAGES) as string[]).includes(pathname)) return 'page';
  if (pathname === ATTACKER_AS.metadata || pathname.startsWith(`${ATTACKER_AS.base}/`)) return 'server';
  return undefined;
}

/** The request without cookies, moved to `pathname` if given. */
function asStranger(request: ServerRequest, pathname?: string): ServerRequest {
  const url = new URL(request.url);
  if (pathname !== undefined) url.pathname = pathname;
  const headers = new Headers([...request.headers].filter(([name]) => name !== 'cookie'));
  return { method: request.method, url: url.href, headers, body: request.body ?? null };
}

/** The lab's server with the attacker's side in front of it, on the attacker's site (none: the lab's server alone). */
export function withAttacker(lab: AuthServer, site: AttackerSite | null): AuthServer {
  if (site === null) return lab;
  const attacker = site;
  const labOrigin = new URL(attacker.lab).origin;
  /** The attacker's site's own path on its origin: `''` on an origin of its own. */
  const rootPath = new URL(attacker.root).pathname.replace(/\/$/, '');
  const attackerServer = createServer(attackerRoutes(attacker.lab), {
    origins: [attacker.origin],
    basePath: `${rootPath}${ATTACKER_AS.base}`,
    sitePagesPath: '',
    store: prefixedStore(lab.store, 'attacker-as'),
  });

  async function answer(request: ServerRequest, body?: Uint8Array): Promise<Response> {
    const url = new URL(request.url);
    const path = attackerPathOf(attacker, url);
    const kind = path === undefined ? undefined : attackerPath(path);
    if (kind === undefined) return lab.answer(request, body);
    if (kind === 'server') {
      // RFC 8414 §3.1 puts an issuer's metadata at /.well-known/oauth-authorization-server/<path>.
      const moved = path === ATTACKER_AS.metadata ? `${rootPath}${ATTACKER_AS.base}${ENDPOINTS.metadata}` : undefined;
      return attackerServer.answer(asStranger(request, moved), body);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed\n', { status: 405, headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    if (path === ATTACKER_PAGES.catch) return catchPage(request, labOrigin);
    if (path === ATTACKER_PAGES.decoy) return decoyPage(request, labOrigin);
    return thirdPartyScript(request);
  }

  return { ...answering(answer), store: lab.store, keys: lab.keys };
}
