import { z } from 'zod';
import { ShortText } from './validators.ts';
import { ROLES, TOKEN_SCOPES } from './vocabulary.ts';

/**
 * The inputs of people and their access: invitations, passwords, profiles and API tokens. The API validates
 * with them and the web app's forms check what is typed with the same schemas before sending it.
 */

export const Email = z
  .email({ error: 'must be a full email address, such as name@example.com' })
  .max(254)
  .transform((e) => e.toLowerCase());

export const LoginInput = z.object({
  email: Email,
  password: z.string().min(1).max(200),
  /** Only needed when the same email belongs to users in several workspaces. */
  workspace: z.string().min(1).max(100).optional(),
});

/** How long a password someone chooses must be; the web app's password fields count toward them. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

/** A password someone chooses. */
export const NewPassword = z
  .string()
  .min(PASSWORD_MIN, { error: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { error: `must be at most ${PASSWORD_MAX} characters` });

export const Role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
/** A link's secret as the web app reads it from the link. */
export const LinkToken = z.string().trim().min(1, { error: 'is missing; open the link again' }).max(300);

export const InviteInput = z.object({
  email: Email,
  role: Role.describe('Only an owner can invite an owner'),
});
export type InviteInput = z.infer<typeof InviteInput>;

export const AcceptInviteInput = z.object({
  token: LinkToken,
  name: ShortText.describe('Your name as your team will see it'),
  password: NewPassword,
});

export const ProfileInput = z.object({ name: ShortText });

export const PasswordChangeInput = z.object({
  current: z.string().min(1, { error: 'is required' }).max(200),
  next: NewPassword,
});

export const PasswordResetInput = z.object({ token: LinkToken, password: NewPassword });

export const TokenCreateInput = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z
    .enum(TOKEN_SCOPES, { error: 'must be "read" or "write"' })
    .default('write')
    .describe('"read" tokens can only read, whatever your role; a viewer can create only those'),
});
