import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../domains/workspaces/auth.ts';

/** Sets the session cookie of a session just opened (sign-in, an accepted invitation, a password reset). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { cookie: string; expiresAt: Date },
): void {
  reply.setCookie(SESSION_COOKIE, session.cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // https as the browser sees it: KITH_PUBLIC_URL, or X-Forwarded-Proto from a trusted proxy.
    secure: request.server.publicOrigin?.startsWith('https:') || request.protocol === 'https',
    expires: session.expiresAt,
  });
}
