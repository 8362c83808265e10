import type { APIRoute } from 'astro';
import { authServer } from '../../authserver';

// The toy authorization server is a plain fetch handler; Astro only forwards the request.
export const prerender = false;
export const ALL: APIRoute = ({ request }) => authServer.handle(request);
