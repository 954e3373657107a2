import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { type AuthContext, resolveCredential, SESSION_COOKIE } from '../domains/workspaces/auth.ts';
import { AppError } from '../shared/errors.ts';

/** What a route needs: nothing, any signed-in user, or a user who may write (not a viewer). */
export type AuthLevel = 'public' | 'read' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** The caller of a route that declared auth 'read' or 'write'. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return request.auth;
}

/**
 * Every /api route must declare its auth level, so a route cannot be public by omission.
 * The hook then resolves the cookie or bearer token and enforces the level.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.auth) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.auth`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const level = request.routeOptions.config.auth ?? 'public';
    if (level === 'public') return;
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (header && !bearer)
      throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
    const auth = await resolveCredential({
      db,
      bearer,
      cookie: bearer ? undefined : request.cookies[SESSION_COOKIE],
    });
    if (!auth) {
      throw new AppError(
        'unauthenticated',
        bearer
          ? 'The API token is invalid or revoked'
          : 'Sign in (POST /api/auth/login) or send an API token',
      );
    }
    if (level === 'write' && auth.role === 'viewer') {
      throw new AppError(
        'forbidden',
        'Viewers can read but not change data; ask an admin for the member role',
      );
    }
    request.auth = auth;
  });
}
