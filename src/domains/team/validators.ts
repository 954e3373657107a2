import { z } from 'zod';
import { Id, ShortText } from '../../shared/validators.ts';
import { ROLES } from '../workspaces/schema.ts';
import { Email, NewPassword } from '../workspaces/validators.ts';

const Role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
/** A link's secret as the web app reads it from the link. */
const LinkToken = z.string().trim().min(1, { error: 'is missing; open the link again' }).max(300);

export const InviteInput = z.object({
  email: Email,
  role: Role.describe('Only an owner can invite an owner'),
});
export type InviteInput = z.infer<typeof InviteInput>;

export const InviteCreatedOutput = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  url: z.string().describe('The invitation link, shown once: pass it on to the person invited'),
  expiresAt: z.iso.datetime(),
  sent: z.boolean().describe('Whether Kith mailed the link itself; always false until Kith sends mail'),
});

export const InviteOutput = z.object({
  id: Id,
  email: z.string(),
  role: Role,
  invitedBy: z.object({ id: Id, name: z.string() }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InviteOutput = z.infer<typeof InviteOutput>;

export const InviteTokenInput = z.object({ token: LinkToken });

export const InvitePreviewOutput = z.object({
  email: z.string(),
  role: Role,
  workspaceName: z.string(),
  expiresAt: z.iso.datetime(),
});

export const AcceptInviteInput = z.object({
  token: LinkToken,
  name: ShortText.describe('Your name as your team will see it'),
  password: NewPassword,
});

export const UserPatchInput = z.object({
  role: Role.optional().describe('Only an owner can make an owner, or change an owner'),
  active: z.boolean().optional().describe('false deactivates: their sessions and tokens stop at once'),
  reassignTo: Id.optional().describe(
    'When deactivating: the active user who takes over their contacts (required when they own any)',
  ),
});
export type UserPatchInput = z.infer<typeof UserPatchInput>;

export const ProfileInput = z.object({ name: ShortText });

export const PasswordChangeInput = z.object({
  current: z.string().min(1, { error: 'is required' }).max(200),
  next: NewPassword,
});

export const PasswordResetInput = z.object({ token: LinkToken, password: NewPassword });

export const ResetLinkOutput = z.object({
  url: z.string().describe('A one-time link for the user to choose a new password; shown once'),
  expiresAt: z.iso.datetime(),
});

export const SessionOutput = z.object({
  id: Id,
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable().describe('To within a few minutes'),
  expiresAt: z.iso.datetime(),
  current: z.boolean().describe('The session this request came with'),
});
export type SessionOutput = z.infer<typeof SessionOutput>;

export const SessionsEndedOutput = z.object({ ended: z.number().int() });
