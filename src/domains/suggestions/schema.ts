import {
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import type { DIRECTIONS } from '../../shared/vocabulary.ts';
import type { TouchSignals } from '../interactions/touch-rule.ts';
import { users } from '../workspaces/schema.ts';

export const SUGGESTION_STATUSES = ['open', 'accepted', 'ignored'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/**
 * Someone a user corresponds with who is not a contact: a mailbox sync suggests them instead of creating a
 * contact. One per user and address; the counts say how often, and in which direction, they wrote.
 */
export const suggestedContacts = pgTable(
  'suggested_contacts',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    /** Whose mail suggested them: suggestions are as private as the mailbox they come from. */
    userId: uuid('user_id').notNull(),
    /** Lower case. */
    email: text('email').notNull(),
    name: text('name'),
    inboundCount: integer('inbound_count').notNull().default(0),
    outboundCount: integer('outbound_count').notNull().default(0),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
    /** The contact an accepted suggestion became. */
    contactId: uuid('contact_id'),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('suggested_contacts_user_email_key').on(t.workspaceId, t.userId, t.email),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);

/** A message a suggestion was seen in, kept so that accepting it logs that mail with the new contact. */
export type SuggestedMessage = {
  messageId: string;
  inReplyTo: string | null;
  direction: (typeof DIRECTIONS)[number];
  occurredAt: string;
  subject: string;
  snippet: string;
  signals: TouchSignals;
};

/** The messages behind a suggestion (one row per suggestion and Message-ID). */
export const suggestedMessages = pgTable(
  'suggested_messages',
  {
    workspaceId: workspaceIdColumn(),
    suggestionId: uuid('suggestion_id').notNull(),
    messageId: text('message_id').notNull(),
    message: jsonb('message').$type<SuggestedMessage>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.suggestionId, t.messageId] }),
    foreignKey({
      columns: [t.workspaceId, t.suggestionId],
      foreignColumns: [suggestedContacts.workspaceId, suggestedContacts.id],
    }).onDelete('cascade'),
  ],
);
