import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { appUrl } from '../../server/app-url.ts';
import { route } from '../../server/route.ts';
import { setSessionCookie } from '../../server/session-cookie.ts';
import { IdParams } from '../../shared/validators.ts';
import { getUser } from '../workspaces/auth.ts';
import { presentUserListItem } from '../workspaces/presenter.ts';
import { UserListItem, UserOutput } from '../workspaces/validators.ts';
import { deliverInvite } from './invite-delivery.ts';
import { acceptInvite, createInvite, findInvites, previewInvite, revokeInvite } from './invites.ts';
import { createPasswordReset } from './passwords.ts';
import { presentInvite } from './presenter.ts';
import { updateUser } from './update-user.ts';
import {
  AcceptInviteInput,
  InviteCreatedOutput,
  InviteInput,
  InviteOutput,
  InvitePreviewOutput,
  InviteTokenInput,
  ResetLinkOutput,
  UserPatchInput,
} from './validators.ts';

const tags = ['team'];

/** Invitations and the admin's side of users: roles, deactivation, password reset links. */
export const teamRoutes: FastifyPluginAsync = async (app) => {
  route(app, {
    method: 'POST',
    url: '/api/invites',
    auth: 'admin',
    tags,
    summary: 'Invite someone by email with a role; answers the invitation link',
    description:
      'Kith has no outbound mail yet: nothing is sent (`sent: false`). Copy `url` and pass it on; it works ' +
      'once, for 7 days, and is shown only here. A new invitation to the same email replaces a pending ' +
      'one. Only an owner can invite an owner.',
    body: InviteInput,
    response: { 201: InviteCreatedOutput },
    handler: async ({ db, scope, body, request }) => {
      const { row, token } = await createInvite({ ...scope, input: body });
      // In the fragment, so the secret is not sent to the server in the page request nor logged with it.
      const url = appUrl(request, `/accept-invite#token=${token}`);
      const { sent } = await deliverInvite({
        db,
        workspaceId: row.workspaceId,
        inviteId: row.id,
        email: row.email,
        url,
      });
      return {
        id: row.id,
        email: row.email,
        role: row.role,
        url,
        expiresAt: row.expiresAt.toISOString(),
        sent,
      };
    },
  });

  route(app, {
    method: 'GET',
    url: '/api/invites',
    auth: 'admin',
    tags,
    summary: 'Pending invitations (not accepted, revoked or expired), newest first',
    response: { 200: z.object({ items: z.array(InviteOutput) }) },
    handler: async ({ scope }) => ({ items: (await findInvites(scope)).map(presentInvite) }),
  });

  route(app, {
    method: 'DELETE',
    url: '/api/invites/:id',
    auth: 'admin',
    tags,
    summary: 'Revoke a pending invitation; its link stops working',
    params: IdParams,
    response: { 204: z.null() },
    handler: async ({ scope, params }) => {
      await revokeInvite({ ...scope, id: params.id });
      return null;
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/invites/preview',
    auth: 'public',
    tags,
    summary: 'What an invitation link offers: email, role and workspace',
    description: 'For the page that accepts it. A link that cannot be used is a 400 naming body.token.',
    body: InviteTokenInput,
    response: { 200: InvitePreviewOutput },
    handler: async ({ db, body }) => {
      const invite = await previewInvite({ db, token: body.token });
      return {
        email: invite.email,
        role: invite.role,
        workspaceName: invite.workspaceName,
        expiresAt: invite.expiresAt.toISOString(),
      };
    },
  });

  route(app, {
    method: 'POST',
    url: '/api/invites/accept',
    auth: 'public',
    tags,
    summary: 'Accept an invitation: creates the user and signs them in (sets the session cookie)',
    body: AcceptInviteInput,
    response: { 201: UserOutput },
    handler: async ({ db, body, request, reply }) => {
      const accepted = await acceptInvite({ db, ...body });
      setSessionCookie(request, reply, accepted);
      return getUser({ db, workspaceId: accepted.workspaceId, userId: accepted.userId });
    },
  });

  route(app, {
    method: 'PATCH',
    url: '/api/users/:id',
    auth: 'admin',
    tags,
    summary: "Change a user's role, deactivate or reactivate them",
    description:
      'Deactivating ends their sessions and revokes their tokens at once, and moves their contacts to ' +
      '`reassignTo` (required when they own any). Only an owner can make an owner or change an owner, ' +
      'and the last owner cannot be demoted or deactivated (409).',
    params: IdParams,
    body: UserPatchInput,
    response: { 200: UserListItem },
    handler: async ({ scope, params, body }) =>
      presentUserListItem(await updateUser({ ...scope, id: params.id, input: body }), { showActivity: true }),
  });

  route(app, {
    method: 'POST',
    url: '/api/users/:id/password-reset',
    auth: 'admin',
    tags,
    summary: 'Make a one-time link for a user to choose a new password',
    description:
      'Shown once, to pass on (Kith has no outbound mail yet); it works for 24 hours and replaces an ' +
      "earlier link. Only an owner can make one for an owner. Using it ends the user's sessions.",
    params: IdParams,
    response: { 201: ResetLinkOutput },
    handler: async ({ scope, params, request }) => {
      const reset = await createPasswordReset({ ...scope, userId: params.id });
      return {
        url: appUrl(request, `/reset-password#token=${reset.token}`),
        expiresAt: reset.expiresAt.toISOString(),
      };
    },
  });
};
