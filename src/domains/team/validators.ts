import { z } from 'zod';
import { LinkToken, Role } from '../../shared/account-input.ts';
import { Id } from '../../shared/validators.ts';

export {
  AcceptInviteInput,
  InviteInput,
  PasswordChangeInput,
  PasswordResetInput,
  ProfileInput,
} from '../../shared/account-input.ts';

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

export const UserPatchInput = z.object({
  role: Role.optional().describe('Only an owner can make an owner, or change an owner'),
  active: z.boolean().optional().describe('false deactivates: their sessions and tokens stop at once'),
  reassignTo: Id.optional().describe(
    'When deactivating: the active user who takes over their contacts (required when they own any)',
  ),
});
export type UserPatchInput = z.infer<typeof UserPatchInput>;

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
