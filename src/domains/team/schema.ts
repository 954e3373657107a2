import {
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, workspaceIdColumn } from '../../db/columns.ts';
import { ROLES, users } from '../workspaces/schema.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An invitation to join a workspace with a role. The link carries `<workspaceId>.<secret>`; only
 * sha256(secret) is stored. Pending while not accepted, not revoked and not expired.
 */
export const invites = pgTable(
  'invites',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    email: text('email').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').notNull(),
    expiresAt: at('expires_at').notNull(),
    acceptedAt: at('accepted_at'),
    /** The user the invitation became. */
    acceptedBy: uuid('accepted_by'),
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('invites_token_key').on(t.workspaceId, t.tokenHash),
    index('invites_created_idx').on(t.workspaceId, t.createdAt),
    foreignKey({ columns: [t.workspaceId, t.invitedBy], foreignColumns: [users.workspaceId, users.id] }),
    foreignKey({ columns: [t.workspaceId, t.acceptedBy], foreignColumns: [users.workspaceId, users.id] }),
  ],
);

/** A one-time link an admin made for a user to set a new password; only sha256(secret) is stored. */
export const passwordResets = pgTable(
  'password_resets',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').notNull(),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('password_resets_token_key').on(t.workspaceId, t.tokenHash),
    index('password_resets_user_idx').on(t.workspaceId, t.userId),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }),
    foreignKey({ columns: [t.workspaceId, t.createdBy], foreignColumns: [users.workspaceId, users.id] }),
  ],
);
