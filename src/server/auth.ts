import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import {
  type AuthContext,
  parseCredential,
  recordTokenUse,
  resolveCredential,
  SESSION_COOKIE,
} from '../domains/workspaces/auth.ts';
import {
  type CredentialGate,
  forgetCaller,
  gateFor,
  unauthenticated,
} from '../domains/workspaces/credential-gate.ts';
import { AppError } from '../shared/errors.ts';
import { errorReply, INTERNAL_ERROR } from './errors.ts';

/** What a route needs: nothing, any signed-in user, or a user who may write (not a viewer). */
export type AuthLevel = 'public' | 'read' | 'write';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthLevel;
    /** A 'read' GET route whose own statement checks the caller's credential (see registerAuth). */
    checksCredential?: 'in-statement';
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

/** The credential a request carries: a bearer token, else the session cookie. */
function credentialOf(request: FastifyRequest): { bearer?: string; cookie?: string } {
  const header = request.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (header && !bearer)
    throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>"');
  return bearer ? { bearer } : { cookie: request.cookies[SESSION_COOKIE] };
}

/**
 * Checks a gate still pending when its request's answer is about to leave (the route answered before its
 * statement checked the credential: a 404, say) with the lookup. Returns the answer to send instead, or null
 * when the credential is valid. The answer is replaced, not thrown: an error while sending an error would
 * skip our error handler.
 */
async function checkPending(
  db: Db,
  request: FastifyRequest,
  gate: CredentialGate,
): Promise<{ status: number; body: unknown } | null> {
  try {
    gate.state = (await resolveCredential({ db, ...credentialOf(request) })) ? 'confirmed' : 'refused';
  } catch (error) {
    request.log.error({ err: error }, 'credential lookup failed');
    gate.state = 'refused';
    return { status: 500, body: INTERNAL_ERROR };
  }
  return gate.state === 'confirmed' ? null : errorReply(unauthenticated(gate.kind));
}

/**
 * Every /api route must declare its auth level, so a route cannot be public by omission.
 * The hook then resolves the cookie or bearer token and enforces the level.
 *
 * A GET route that declares `checksCredential: 'in-statement'` (Today) skips the lookup for a credential
 * this process has resolved before: its handler passes `caller(request).gate` to its statement, which checks
 * the credential itself (see CredentialGate). If the answer is about to leave while the gate is still
 * pending, the lookup runs then, and a credential that is no longer valid gets its 401 instead.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.auth) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.auth`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const { config } = request.routeOptions;
    const level = config.auth ?? 'public';
    if (level === 'public') return;
    const credential = credentialOf(request);
    if (level === 'read' && request.method === 'GET' && config.checksCredential === 'in-statement') {
      const parsed = parseCredential(credential);
      const gate = parsed && gateFor({ db, ...parsed });
      if (gate) {
        request.auth = {
          workspaceId: gate.workspaceId,
          userId: gate.userId,
          role: gate.role,
          via: gate.kind,
          gate,
        };
        return;
      }
    }
    const auth = await resolveCredential({ db, ...credential });
    if (!auth) throw unauthenticated(credential.bearer ? 'token' : 'session');
    if (level === 'write' && auth.role === 'viewer') {
      throw new AppError(
        'forbidden',
        'Viewers can read but not change data; ask an admin for the member role',
      );
    }
    request.auth = auth;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const gate = request.auth?.gate;
    if (!gate) return payload;
    // Our 500 says nothing, so a gate still pending needs no check then (the lookup would likely fail too).
    const instead =
      gate.state === 'pending' && reply.statusCode !== 500 ? await checkPending(db, request, gate) : null;
    if (gate.state === 'refused') forgetCaller({ db, gate });
    // Before the answer leaves, as the lookup does it (a write at most every few minutes per token).
    if (gate.state === 'confirmed' && gate.token) {
      await recordTokenUse({
        db,
        workspaceId: gate.workspaceId,
        tokenId: gate.token.id,
        lastUsedAt: gate.token.lastUsedAt,
      });
    }
    if (!instead) return payload;
    reply.status(instead.status);
    return JSON.stringify(instead.body);
  });
}
