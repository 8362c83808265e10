import type { APIRoute } from 'astro';
import { authServer } from '../../authserver';

// The MCP-style resource is part of the same fetch handler; Astro only forwards the request.
export const prerender = false;
export const ALL: APIRoute = ({ request }) => authServer.handle(request);
