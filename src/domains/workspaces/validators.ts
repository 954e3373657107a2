import { z } from 'zod';
import { Email, NewPassword } from '../../shared/account-input.ts';
import { Id } from '../../shared/validators.ts';
import { DropboxAddressField } from '../dropbox/validators.ts';
import { ROLES, TOKEN_SCOPES } from './schema.ts';

export { Email, LoginInput, NewPassword, TokenCreateInput } from '../../shared/account-input.ts';

export const UserOutput = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type UserOutput = z.infer<typeof UserOutput>;

/** GET /api/auth/me: the user, and their dropbox address. */
export const MeOutput = UserOutput.extend({ dropboxAddress: DropboxAddressField });
export type MeOutput = z.infer<typeof MeOutput>;

export const UserListItem = UserOutput.pick({ id: true, name: true, email: true, role: true }).extend({
  active: z.boolean().describe('A deactivated user cannot sign in and owns no contacts'),
  lastActiveAt: z.iso
    .datetime()
    .nullable()
    .describe('Their last request, to within a few minutes; shown to admins and owners only, else null'),
});
export type UserListItem = z.infer<typeof UserListItem>;

export const TokenQuery = z.object({
  all: z
    .stringbool({ error: 'must be true or false' })
    .optional()
    .describe("true: everyone's tokens, with whose they are (admins and owners)"),
});
export const TokenOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  user: z.object({ id: Id, name: z.string() }),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type TokenOutput = z.infer<typeof TokenOutput>;
export const TokenCreatedOutput = TokenOutput.extend({
  token: z.string().describe('Shown once; send it as `Authorization: Bearer <token>`'),
});

export const CreateUserInput = z.object({
  email: Email,
  password: NewPassword,
  role: z.enum(ROLES).default('member'),
  workspace: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;
