import type { FastifyRequest } from 'fastify';

/**
 * The absolute address of a page of the web app, for links a person opens elsewhere (an invitation, a
 * password reset). Every such link is built here, once. It is taken from the request (its protocol and
 * Host), which is right while an admin copies the link from the page they are on; when Kith sends mail it
 * must come from a configured public URL instead, as a Host header is the client's to choose.
 */
export function appUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path.startsWith('/') ? path : `/${path}`}`;
}
