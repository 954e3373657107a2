import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { type AuthContext, resolveCredential, SESSION_COOKIE } from '../domains/workspaces/auth.ts';
import type { Role } from '../domains/workspaces/schema.ts';
import { AppError } from '../shared/errors.ts';

/**
 * What a route needs: nothing, any signed-in user ('read'), a user who may change data ('write': a member or
 * more), an admin or an owner. docs/permissions.md is the table of who may do what.
 */
export type AuthLevel = 'public' | 'read' | 'write' | 'admin' | 'owner';

/** The least role each level admits. */
const LEAST_ROLE: Record<Exclude<AuthLevel, 'public'>, Role> = {
  read: 'viewer',
  write: 'member',
  admin: 'admin',
  owner: 'owner',
};
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Whether a role is at least another: owner > admin > member > viewer. */
export function hasRole(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/** The caller of a route that declared an auth level other than 'public'. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return request.auth;
}

/** The credential a request carries: a bearer token, else the session cookie. */
function credentialOf(request: FastifyRequest): { bearer?: string; cookie?: string } {
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (header && !bearer)
    throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
  return bearer ? { bearer } : { cookie: request.cookies[SESSION_COOKIE] };
}

const REFUSALS: Record<Exclude<AuthLevel, 'public' | 'read'>, string> = {
  write: 'Viewers can read but not change data; ask an admin for the member role',
  admin: 'Only an admin or an owner of this workspace can do this',
  owner: 'Only an owner of this workspace can do this',
};

/**
 * Every /api route must declare its auth level, so a route cannot be public by omission. The hook then
 * resolves the cookie or bearer token and enforces the level, and refuses any write made with a read-only
 * token, whatever its user's role.
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
    const credential = credentialOf(request);
    const auth = await resolveCredential({ db, ...credential });
    if (!auth) {
      throw new AppError(
        'unauthenticated',
        credential.bearer
          ? 'The API token is invalid or revoked'
          : 'Sign in (POST /api/auth/login) or send an API token',
      );
    }
    if (auth.tokenScope === 'read' && request.method !== 'GET' && request.method !== 'HEAD') {
      throw new AppError(
        'forbidden',
        'This API token is read-only; create a token with the write scope to change data',
      );
    }
    if (level !== 'read' && !hasRole(auth.role, LEAST_ROLE[level])) {
      throw new AppError('forbidden', REFUSALS[level]);
    }
    request.auth = auth;
  });
}
