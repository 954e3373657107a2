import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaceIdColumn } from '../../db/columns.ts';
import { contacts } from '../contacts/schema.ts';
import { users } from '../workspaces/schema.ts';

/**
 * A pair of contacts someone said are not duplicates, so the pair is not suggested again. Stored once per
 * pair, the smaller id first; it goes with either contact (cascade).
 */
export const duplicateDismissals = pgTable(
  'duplicate_dismissals',
  {
    workspaceId: workspaceIdColumn(),
    contactAId: uuid('contact_a_id').notNull(),
    contactBId: uuid('contact_b_id').notNull(),
    dismissedBy: uuid('dismissed_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactAId, t.contactBId] }),
    // Deleting a contact looks its dismissals up by either id.
    index('duplicate_dismissals_b_idx').on(t.workspaceId, t.contactBId),
    check('duplicate_dismissals_order', sql`${t.contactAId} < ${t.contactBId}`),
    foreignKey({
      columns: [t.workspaceId, t.contactAId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.contactBId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.dismissedBy],
      foreignColumns: [users.workspaceId, users.id],
    }),
  ],
);
