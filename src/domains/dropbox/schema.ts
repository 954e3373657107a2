import { foreignKey, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { users } from '../workspaces/schema.ts';

/**
 * Each user's private dropbox address: mail BCC'd or forwarded to `<token>@<inbound domain>` is logged as
 * theirs. Regenerating replaces the token, so the old address stops working.
 */
export const dropboxes = pgTable(
  'dropboxes',
  {
    workspaceId: workspaceIdColumn(),
    userId: uuid('user_id').notNull(),
    /** The address's local part: random, lower case, unique across workspaces (RCPT TO knows only it). */
    token: text('token').notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    // Not led by workspace_id: the SMTP receiver knows only the address.
    uniqueIndex('dropboxes_token_key').on(t.token),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);
