import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

/** An email template the whole team shares: a subject and a plain-text body with merge fields. */
export const templates = pgTable(
  'templates',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('templates_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);
