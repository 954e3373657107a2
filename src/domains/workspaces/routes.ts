import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
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

const tags = ['auth'];

/** Sign-in, sign-out, the current user, and API tokens. */
export const workspaceRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/auth/login',
    auth: 'public',
    // Checked for its origin like a cookie write: another site must not sign a browser in (login CSRF).
    config: { signsIn: true },
    // signIn counts the try in a statement of its own and signs in in a transaction of its own.
    transaction: false,
    tags,
    summary: 'Sign in and set the session cookie',
    description:
      'After 5 failed tries for one email, or 50 from one address, each further try must wait (429 with ' +
      'Retry-After), twice as long each time up to 15 minutes. A 403 means the request came from another site.',
    body: LoginInput,
    response: { 200: UserOutput },
    errors: [429],
    handler: async ({ db, body, request, reply }) => {
      // request.ip is the client as a trusted proxy reports it (KITH_TRUST_PROXY), else the peer.
      const result = await signIn({ db, input: body, client: request.ip });
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
  });

  route(app, {
    method: 'POST',
    url: '/api/auth/logout',
    auth: 'public',
    tags,
    summary: 'End the session',
    response: { 204: z.null() },
    handler: async ({ db, request, reply }) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout({ db, cookie });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return null;
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/auth/me',
    auth: 'read',
    tags,
    summary: 'The signed-in user',
    response: { 200: UserOutput },
    handler: async ({ scope }) => getUser({ ...scope, userId: scope.actorId }),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/auth/locks/:email',
    auth: 'admin',
    tags,
    summary: "Lift the sign-in lock of a user of the caller's workspace (owner or admin)",
    description: 'Forgets the failed sign-ins of that email, so its next try is not made to wait.',
    params: z.object({ email: Email }),
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await unlockSignIn({ ...scope, email: params.email });
      return null;
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/users',
    auth: 'read',
    tags,
    summary: "The workspace's users, for choosing an owner",
    response: { 200: z.object({ items: z.array(UserListItem) }) },
    handler: async ({ scope }) => ({ items: await findUsers(scope) }),
  });

  route(app, {
    method: 'POST',
    url: '/api/tokens',
    auth: 'write',
    tags,
    summary: 'Create an API token (returned once)',
    body: TokenCreateInput,
    response: { 201: TokenCreatedOutput },
    handler: async ({ scope, body }) => createToken({ ...scope, name: body.name }),
  });

  route(app, {
    method: 'GET',
    url: '/api/tokens',
    auth: 'read',
    tags,
    summary: "The caller's API tokens",
    response: { 200: z.object({ items: z.array(TokenOutput) }) },
    handler: async ({ scope }) => ({ items: await findTokens(scope) }),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/tokens/:id',
    auth: 'write',
    tags,
    summary: 'Revoke an API token',
    params: z.object({ id: z.uuid() }),
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await revokeToken({ ...scope, id: params.id });
      return null;
    },
  });
};
