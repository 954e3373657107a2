import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import {
  type AuthContext,
  lookupCredential,
  parseCredential,
  SESSION_COOKIE,
} from '../domains/workspaces/auth.ts';
import { AppError } from '../shared/errors.ts';
import { errorReply } from './errors.ts';
import { KnownCredentials } from './known-credentials.ts';

/**
 * What a route needs: nothing, any signed-in user, or a user who may write (not a viewer). A route's role
 * requirement is its level, checked here; handlers never branch on the caller's role.
 */
export type AuthLevel = 'public' | 'read' | 'write';

/** What the credential check of a read that went ahead found: the same caller, or why not. */
type CheckOutcome = { confirmed: true } | { confirmed: false; error: unknown };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** Set while a read runs ahead of its credential check; the response waits for it (onSend). */
    authCheck: Promise<CheckOutcome> | null;
  }
}

/** The caller of a route that declared auth 'read' or 'write'. */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new AppError('unauthenticated', 'Sign in or send an API token');
  return request.auth;
}

function refused(bearer: boolean): AppError {
  return new AppError(
    'unauthenticated',
    bearer ? 'The API token is invalid or revoked' : 'Sign in (POST /api/auth/login) or send an API token',
  );
}

/**
 * Every /api route must declare its auth level, so a route cannot be public by omission. The hook then
 * resolves the cookie or bearer token and enforces the level.
 *
 * A read (GET or HEAD at level 'read') by a credential this process has seen valid does not wait for
 * the lookup: a credential's workspace and user never change, so the handler starts with them while the
 * lookup runs beside it (on its own connection on PostgreSQL), and the response is held until the lookup
 * confirms the credential is still valid (onSend). A revoked token or ended session therefore still gets
 * 401 on the very next request, and a read does not pay the lookup's round trip before its own queries.
 * Writes, and the first request of a credential, wait for the lookup as before. A read route must reply
 * through Fastify (return its value or reply.send): reply.hijack() or writing to reply.raw would skip the
 * hold.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  const known = new KnownCredentials();
  app.decorateRequest('auth', null);
  app.decorateRequest('authCheck', null);
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
    const credential = parseCredential({
      bearer,
      cookie: bearer ? undefined : request.cookies[SESSION_COOKIE],
    });
    if (!credential) throw refused(Boolean(bearer));
    const lookUp = () =>
      lookupCredential({ db, credential }).then((auth) => {
        known.remember(credential.key, auth);
        return auth;
      });
    const seen = isRead(request, level) ? known.get(credential.key) : undefined;
    if (seen) {
      request.auth = seen;
      // The lookup starts after this request's hooks and promise jobs have run (setImmediate), which
      // usually means after the handler sent its first query: writing a query to PostgreSQL is a system
      // call that wakes a server process, and the read's own query should not wait behind it.
      request.authCheck = new Promise((resolve) => setImmediate(resolve)).then(lookUp).then(
        (auth): CheckOutcome =>
          auth?.userId === seen.userId
            ? { confirmed: true }
            : { confirmed: false, error: refused(Boolean(bearer)) },
        (error: unknown): CheckOutcome => ({ confirmed: false, error }),
      );
      return;
    }
    const auth = await lookUp();
    if (!auth) throw refused(Boolean(bearer));
    if (level === 'write' && auth.role === 'viewer') {
      throw new AppError(
        'forbidden',
        'Viewers can read but not change data; ask an admin for the member role',
      );
    }
    request.auth = auth;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // Not cleared once awaited: should a reply be sent twice, its second pass is held to the same answer.
    const check = request.authCheck;
    if (!check) return payload;
    const outcome = await check;
    if (outcome.confirmed) return payload;
    // The read ran for a credential that is no longer valid: its answer is replaced, headers and all.
    const { status, body } = errorReply(outcome.error, request.log);
    for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
    reply.status(status).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify(body);
  });
}

/** Reads that may run ahead of their credential check: they change nothing and depend on no role. */
function isRead(request: FastifyRequest, level: AuthLevel): boolean {
  return level === 'read' && (request.method === 'GET' || request.method === 'HEAD');
}
