import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../domains/workspaces/auth.ts';
import { AppError } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route that opens a session (sign-in): its writes are checked for their origin even without a cookie. */
    signsIn?: true;
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Whether a write was sent by a page of this app, for a request that acts through the session cookie:
 *
 * - With an `Origin` header, it must be the app's own origin: KITH_PUBLIC_URL when set (scheme, host and
 *   port), else the request's Host (host and port: behind a TLS proxy that is not trusted the scheme seen
 *   here is http, so only KITH_PUBLIC_URL pins it). `Origin: null` (a sandboxed frame, a redirect from
 *   elsewhere) is refused.
 * - Without one, `Sec-Fetch-Site` must be `same-origin` or `none` (typed by the user): `same-site` and
 *   `cross-site` are refused.
 * - With neither, the write is allowed. Browsers send `Origin` on every POST, PUT, PATCH and DELETE, and
 *   `Sec-Fetch-Site` on every request, so a request with neither was not sent by a browser on behalf of a
 *   page: it comes from a program (curl, a script) that holds the cookie itself, which no other site can
 *   make it send.
 */
export function isSameOriginWrite(request: FastifyRequest, publicOrigin: string | null): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    const sent = parseOrigin(origin);
    if (!sent) return false;
    if (publicOrigin) return sent.origin === publicOrigin;
    return sent.host === hostOf(sent.protocol, request.host);
  }
  const site = request.headers['sec-fetch-site'];
  if (site === undefined) return true;
  return site === 'same-origin' || site === 'none';
}

/** An Origin header as a URL, or null for `null` and anything that is not an http(s) origin. */
function parseOrigin(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** A Host header as the host part of a URL on `protocol` (its default port dropped), or null when malformed. */
function hostOf(protocol: string, host: string | undefined): string | null {
  try {
    return host ? new URL(`${protocol}//${host}`).host : null;
  } catch {
    return null;
  }
}

/** The 403 for a write another site sent. */
function crossSiteWrite(request: FastifyRequest, publicOrigin: string | null): AppError {
  const from = request.headers.origin ?? `a ${request.headers['sec-fetch-site']} page`;
  const shown = from.length > 100 ? `${from.slice(0, 100)}…` : from;
  const kith = publicOrigin ?? `this server (${request.host})`;
  const message = `This change came from another site (${shown}), not from Kith at ${kith}, so it was refused. If you use Kith at another address, open it at ${kith} instead.`;
  return new AppError('forbidden', message, [{ field: 'headers.origin', message: 'is another site' }]);
}

/**
 * Refuses cross-site request forgery: a write that carries the session cookie (and no API token), or that
 * signs in (login CSRF), must come from the app's own origin (see isSameOriginWrite), else 403 forbidden.
 * Requests with a bearer token are not affected: a browser never adds one on another site's behalf.
 * Registered after the cookie plugin and before the auth hook, so no credential is looked up first.
 */
export function registerSameOriginCheck(app: FastifyInstance, publicOrigin: string | null): void {
  app.addHook('onRequest', async (request) => {
    if (!WRITES.has(request.method)) return;
    const usesCookie =
      request.headers.authorization === undefined && request.cookies[SESSION_COOKIE] !== undefined;
    if (!usesCookie && !request.routeOptions.config.signsIn) return;
    if (!isSameOriginWrite(request, publicOrigin)) throw crossSiteWrite(request, publicOrigin);
  });
}
