import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

import { ROLES, TOKEN_SCOPES } from '../../shared/vocabulary.ts';

/** What an API token may do: read only, or whatever its user's role allows. */
export { ROLES, type Role, TOKEN_SCOPES, type TokenScope } from '../../shared/vocabulary.ts';

/** A tenant. Its own id is the workspace_id every other table carries. */
export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('workspaces_name_key').on(sql`lower(${t.name})`)],
);

export const users = pgTable(
  'users',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: idColumn(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    /** A deactivated user keeps their history but cannot sign in; no credential of theirs works. */
    active: boolean('active').notNull().default(true),
    /** The last request made with one of their credentials, kept to within a few minutes. */
    lastActiveAt: timestamp('last_active_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('users_workspace_email_key').on(t.workspaceId, sql`lower(${t.email})`),
    // The one index not led by workspace_id: sign-in knows only an email, not yet a workspace.
    index('users_login_email_idx').on(sql`lower(${t.email})`),
  ],
);

/** Browser sessions. The cookie is `<workspaceId>.<secret>`; only sha256(secret) is stored. */
export const sessions = pgTable(
  'sessions',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The session's last request, kept to within a few minutes (auth.ts recordCredentialUse). */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('sessions_token_key').on(t.workspaceId, t.tokenHash),
    index('sessions_user_idx').on(t.workspaceId, t.userId),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }),
  ],
);

/** API tokens (`kith_<workspaceId>_<secret>`); only sha256(secret) is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Tokens made before scopes existed could write, so they keep 'write'. */
    scope: text('scope', { enum: TOKEN_SCOPES }).notNull().default('write'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('api_tokens_token_key').on(t.workspaceId, t.tokenHash),
    index('api_tokens_user_idx').on(t.workspaceId, t.userId),
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [users.workspaceId, users.id] }),
  ],
);

/**
 * Sign-in tries per account (a lowercased email) and per client address, kept in the database so that every
 * server process counts the same tries. Not keyed by workspace: sign-in knows no workspace yet, and an
 * email's count must not tell whether, or where, it has an account (see docs/ARCHITECTURE.md).
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    kind: text('kind', { enum: ['account', 'client'] }).notNull(),
    subject: text('subject').notNull(),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.subject] }),
    index('sign_in_throttles_last_failure_idx').on(t.lastFailureAt),
  ],
);
