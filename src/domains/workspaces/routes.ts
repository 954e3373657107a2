import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { getUser, login, logout, SESSION_COOKIE } from './auth.ts';
import { findUsers } from './find-users.ts';
import { createToken, findTokens, revokeToken } from './tokens.ts';
import {
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
    tags,
    summary: 'Sign in and set the session cookie',
    body: LoginInput,
    response: { 200: UserOutput },
    handler: async ({ db, body, request, reply }) => {
      const result = await login({ db, ...body });
      reply.setCookie(SESSION_COOKIE, result.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
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
