import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { route } from '../../server/route.ts';
import { setSessionCookie } from '../../server/session-cookie.ts';
import { getUser } from '../workspaces/auth.ts';
import { UserOutput } from '../workspaces/validators.ts';
import { changePassword, resetPassword } from './passwords.ts';
import { presentSession } from './presenter.ts';
import { updateProfile } from './profile.ts';
import { findSessions, revokeOtherSessions } from './sessions.ts';
import {
  PasswordChangeInput,
  PasswordResetInput,
  ProfileInput,
  SessionOutput,
  SessionsEndedOutput,
} from './validators.ts';

const tags = ['auth'];

/** What every user does for themselves: name, password, sessions; and the public password reset. */
export const profileRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'PATCH',
    url: '/api/auth/me',
    auth: 'read',
    tags,
    summary: 'Change your own name',
    body: ProfileInput,
    response: { 200: UserOutput },
    handler: async ({ scope, body }) => {
      await updateProfile({ ...scope, name: body.name });
      return getUser({ ...scope, userId: scope.actorId });
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/auth/password',
    auth: 'read',
    tags,
    summary: 'Change your own password; your other sessions are signed out',
    description:
      'A wrong `current` is a 400 naming body.current. The session this request came with stays signed ' +
      'in; API tokens keep working (revoke them under API tokens).',
    body: PasswordChangeInput,
    response: { 200: SessionsEndedOutput },
    handler: async ({ scope, auth, body }) => {
      const currentSessionId = auth.via === 'session' ? auth.credentialId : null;
      const result = await changePassword({ ...scope, currentSessionId, ...body });
      return { ended: result.otherSessionsEnded };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/auth/reset',
    auth: 'public',
    tags,
    summary: 'Set a new password through a one-time reset link; signs in (sets the session cookie)',
    description:
      'Every other session of the user ends. A used, expired or unknown link is a 400 naming body.token.',
    body: PasswordResetInput,
    response: { 200: UserOutput },
    handler: async ({ db, body, request, reply }) => {
      const reset = await resetPassword({ db, ...body });
      setSessionCookie(request, reply, reset);
      return getUser({ db, workspaceId: reset.workspaceId, userId: reset.userId });
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/auth/sessions',
    auth: 'read',
    tags,
    summary: 'Your signed-in sessions, the most recently used first; `current` marks this one',
    response: { 200: z.object({ items: z.array(SessionOutput) }) },
    handler: async ({ scope, auth }) => {
      const currentId = auth.via === 'session' ? auth.credentialId : null;
      const rows = await findSessions({ ...scope, userId: scope.actorId });
      return { items: rows.map((row) => presentSession(row, currentId)) };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/auth/sessions/revoke-all',
    auth: 'read',
    tags,
    summary: 'Sign out everywhere else: ends all your sessions but this one',
    description:
      'The session this request came with stays signed in, so you can see the result; sign out to end it ' +
      'too. Called with an API token, every session ends. API tokens are not affected.',
    response: { 200: SessionsEndedOutput },
    handler: async ({ scope, auth }) => {
      const currentSessionId = auth.via === 'session' ? auth.credentialId : null;
      return { ended: await revokeOtherSessions({ ...scope, currentSessionId }) };
    },
  });
};
