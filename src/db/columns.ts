import { sql } from 'drizzle-orm';
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** The id column every workspace-scoped table uses; the key is always (workspace_id, id). */
export const idColumn = () => uuid('id').notNull().default(sql`gen_random_uuid()`);

/** The tenant column that leads every key and index. */
export const workspaceIdColumn = () => uuid('workspace_id').notNull();

/** created_at / updated_at pair. */
export const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
