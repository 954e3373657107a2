import { z } from 'zod';
import { ROLES } from './schema.ts';

export const Email = z
  .email({ error: 'must be a valid email address' })
  .max(254)
  .transform((e) => e.toLowerCase());

export const LoginInput = z.object({
  email: Email,
  password: z.string().min(1).max(200),
  /** Only needed when the same email belongs to users in several workspaces. */
  workspace: z.string().min(1).max(100).optional(),
});

export const UserOutput = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  workspaceName: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
});
export type UserOutput = z.infer<typeof UserOutput>;

export const UserListItem = UserOutput.pick({ id: true, name: true, email: true, role: true });
export type UserListItem = z.infer<typeof UserListItem>;

export const TokenCreateInput = z.object({ name: z.string().trim().min(1).max(100) });
export const TokenOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export const TokenCreatedOutput = TokenOutput.extend({
  token: z.string().describe('Shown once; send it as `Authorization: Bearer <token>`'),
});

export const CreateUserInput = z.object({
  email: Email,
  password: z.string().min(8, { error: 'must be at least 8 characters' }).max(200),
  role: z.enum(ROLES).default('member'),
  workspace: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(200).optional(),
});
export type CreateUserInput = z.input<typeof CreateUserInput>;
