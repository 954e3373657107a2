import { boolean, date, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { contacts } from '../contacts/schema.ts';

/** A personal detail a contact revealed, optionally with a day to bring it back up. */
export const facts = pgTable(
  'facts',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    text: text('text').notNull(),
    remindOn: date('remind_on', { mode: 'string' }),
    createdBy: uuid('created_by'),
    /** Only its author (createdBy) sees a private fact, anywhere, Today's talking points included. */
    isPrivate: boolean('is_private').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('facts_contact_idx').on(t.workspaceId, t.contactId, t.createdAt),
    index('facts_remind_idx').on(t.workspaceId, t.contactId, t.remindOn),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
  ],
);
