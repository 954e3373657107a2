import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caller } from '../../server/auth.ts';
import { ErrorOutput } from '../../shared/validators.ts';
import { getUser, logout, SESSION_COOKIE } from './auth.ts';
import { findUsers } from './find-users.ts';
import { signIn, unlockSignIn } from './sign-in.ts';
import { createToken, findTokens, revokeToken } from './tokens.ts';
import {
  Email,
  LoginInput,
  TokenCreatedOutput,
  TokenCreateInput,
  TokenOutput,
  UserListItem,
  UserOutput,
} from './validators.ts';

/** Sign-in, sign-out, the current user, and API tokens. */
export const workspaceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/auth/login',
    {
      // Checked for its origin like a cookie write: another site must not sign a browser in (login CSRF).
      config: { auth: 'public', signsIn: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign in and set the session cookie',
        description:
          'After 5 failed tries for one email, or 50 from one address, each further try must wait (429 with ' +
          'Retry-After), twice as long each time up to 15 minutes. A 403 means the request came from another site.',
        body: LoginInput,
        response: { 200: UserOutput, 403: ErrorOutput, 429: ErrorOutput },
      },
    },
    async (request, reply) => {
      // request.ip is the client as a trusted proxy reports it (KITH_TRUST_PROXY), else the peer.
      const result = await signIn({ db: app.db, input: request.body, client: request.ip });
      reply.setCookie(SESSION_COOKIE, result.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        // https as the browser sees it: KITH_PUBLIC_URL, or X-Forwarded-Proto from a trusted proxy.
        secure: app.publicOrigin?.startsWith('https:') || request.protocol === 'https',
        expires: result.expiresAt,
      });
      return result.user;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: 'public' },
      schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout({ db: app.db, cookie });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { auth: 'read' },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserOutput } },
    },
    async (request) => {
      const auth = caller(request);
      return getUser({ db: app.db, workspaceId: auth.workspaceId, userId: auth.userId });
    },
  );

  app.delete(
    '/api/auth/locks/:email',
    {
      config: { auth: 'write' },
      schema: {
        tags: ['auth'],
        summary: "Lift the sign-in lock of a user of the caller's workspace (owner or admin)",
        description: 'Forgets the failed sign-ins of that email, so its next try is not made to wait.',
        params: z.object({ email: Email }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await app.db.transaction((tx) =>
        unlockSignIn({
          db: tx,
          workspaceId: auth.workspaceId,
          actorId: auth.userId,
          actorRole: auth.role,
          email: request.params.email,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['auth'],
        summary: "The workspace's users, for choosing an owner",
        response: { 200: z.object({ items: z.array(UserListItem) }) },
      },
    },
    async (request) => {
      const auth = caller(request);
      return { items: await findUsers({ db: app.db, workspaceId: auth.workspaceId }) };
    },
  );

  app.post(
    '/api/tokens',
    {
      config: { auth: 'write' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token (returned once)',
        body: TokenCreateInput,
        response: { 201: TokenCreatedOutput },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      const token = await app.db.transaction((tx) =>
        createToken({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, name: request.body.name }),
      );
      return reply.status(201).send(token);
    },
  );

  app.get(
    '/api/tokens',
    {
      config: { auth: 'read' },
      schema: {
        tags: ['auth'],
        summary: "The caller's API tokens",
        response: { 200: z.object({ items: z.array(TokenOutput) }) },
      },
    },
    async (request) => {
      const auth = caller(request);
      return { items: await findTokens({ db: app.db, workspaceId: auth.workspaceId, actorId: auth.userId }) };
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { auth: 'write' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const auth = caller(request);
      await app.db.transaction((tx) =>
        revokeToken({ db: tx, workspaceId: auth.workspaceId, actorId: auth.userId, id: request.params.id }),
      );
      return reply.status(204).send(null);
    },
  );
};
