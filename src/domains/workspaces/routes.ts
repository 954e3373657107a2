import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { setSessionCookie } from '../../server/session-cookie.ts';
import { getDropbox } from '../dropbox/dropbox.ts';
import { inboundDomainOf, presentDropbox } from '../dropbox/presenter.ts';
import { getUser, logout, SESSION_COOKIE } from './auth.ts';
import { findUsers } from './find-users.ts';
import { hasAdminRights } from './permissions.ts';
import { presentToken, presentUserListItem } from './presenter.ts';
import { signIn, unlockSignIn } from './sign-in.ts';
import { createToken, findTokens, revokeToken } from './tokens.ts';
import {
  Email,
  LoginInput,
  MeOutput,
  TokenCreatedOutput,
  TokenCreateInput,
  TokenOutput,
  TokenQuery,
  UserListItem,
  UserOutput,
} from './validators.ts';

const tags = ['auth'];

/** Sign-in, sign-out, the current user, the workspace's users, and API tokens. */
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
      'Retry-After), twice as long each time up to 15 minutes. A 403 means the request came from another ' +
      'site, or the user is deactivated.',
    body: LoginInput,
    response: { 200: UserOutput },
    errors: [429],
    handler: async ({ db, body, request, reply }) => {
      // request.ip is the client as a trusted proxy reports it (KITH_TRUST_PROXY), else the peer.
      const result = await signIn({ db, input: body, client: request.ip });
      setSessionCookie(request, reply, result);
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
    summary: 'The signed-in user, with their dropbox address',
    description:
      "The dropbox address is made on first read; mail BCC'd or forwarded to it is logged (docs/capture.md).",
    response: { 200: MeOutput },
    handler: async ({ scope, request }) => {
      const user = await getUser({ ...scope, userId: scope.actorId });
      if (scope.role === 'viewer') return { ...user, dropboxAddress: null };
      const dropbox = await getDropbox({ ...scope, userId: scope.actorId });
      return { ...user, dropboxAddress: presentDropbox(dropbox, inboundDomainOf(app, request)).address };
    },
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
    tags: ['team'],
    summary: "The workspace's users with role and status, for owner pickers and the team page",
    response: { 200: z.object({ items: z.array(UserListItem) }) },
    handler: async ({ scope }) => {
      const showActivity = hasAdminRights(scope.role);
      return { items: (await findUsers(scope)).map((u) => presentUserListItem(u, { showActivity })) };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/tokens',
    auth: 'read',
    tags,
    summary: 'Create an API token (returned once)',
    description:
      'A "read" token can only read (any other method is refused with 403), whatever its user\'s role. ' +
      'A viewer can create only "read" tokens.',
    body: TokenCreateInput,
    response: { 201: TokenCreatedOutput },
    handler: async ({ scope, body }) => {
      const created = await createToken({ ...scope, name: body.name, tokenScope: body.scope });
      const me = await getUser({ ...scope, userId: scope.actorId });
      return { ...presentToken({ ...created.row, userName: me.name }), token: created.token };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/tokens',
    auth: 'read',
    tags,
    summary: "The caller's live API tokens with their last use, or everyone's (admins)",
    query: TokenQuery,
    response: { 200: z.object({ items: z.array(TokenOutput) }) },
    handler: async ({ scope, query }) => ({
      items: (await findTokens({ ...scope, all: query.all })).map(presentToken),
    }),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/tokens/:id',
    auth: 'read',
    tags,
    summary: 'Revoke an API token: your own, or as an admin anyone’s',
    params: z.object({ id: z.uuid() }),
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await revokeToken({ ...scope, id: params.id });
      return null;
    },
  });
};
