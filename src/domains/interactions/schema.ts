import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
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
import { idColumn, workspaceIdColumn } from '../../db/columns.ts';
import {
  CALL_OUTCOMES,
  DIRECTIONS,
  INTERACTION_KINDS,
  SOURCES,
  TOUCH_CLASSES,
} from '../../shared/vocabulary.ts';
import { contacts } from '../contacts/schema.ts';

export {
  CALL_OUTCOMES,
  type CallOutcome,
  DIRECTIONS,
  type Direction,
  INTERACTION_KINDS,
  type InteractionKind,
  SOURCES,
  type Source,
  TOUCH_CLASSES,
  type TouchClass,
} from '../../shared/vocabulary.ts';

export const interactions = pgTable(
  'interactions',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    kind: text('kind', { enum: INTERACTION_KINDS }).notNull(),
    direction: text('direction', { enum: DIRECTIONS }).notNull().default('out'),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    summary: text('summary').notNull(),
    body: text('body'),
    source: text('source', { enum: SOURCES }).notNull().default('manual'),
    touchClass: text('touch_class', { enum: TOUCH_CLASSES }).notNull().default('touch'),
    /** How a call went; a call that did not connect is an attempt (touch-rule.ts). */
    outcome: text('outcome', { enum: CALL_OUTCOMES }),
    /** How long a call or meeting took, in minutes. */
    durationMinutes: integer('duration_minutes'),
    /** A private note: only its author (createdBy) sees it, anywhere. */
    isPrivate: boolean('is_private').notNull().default(false),
    /** The id in the system it came from (a Message-ID, a calendar UID); makes re-runs idempotent. */
    externalId: text('external_id'),
    /** An email's Message-ID: one email is one interaction in a workspace, whichever way it arrived. */
    messageId: text('message_id'),
    /** The Message-ID an email answers (In-Reply-To, else the last of References): it is a reply. */
    inReplyTo: text('in_reply_to'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('interactions_external_key')
      .on(t.workspaceId, t.source, t.externalId)
      .where(sql`${t.externalId} is not null`),
    uniqueIndex('interactions_message_key')
      .on(t.workspaceId, t.messageId)
      .where(sql`${t.messageId} is not null`),
    index('interactions_occurred_idx').on(t.workspaceId, t.occurredAt),
  ],
);

/** Which contacts took part in an interaction; carries occurred_at so a timeline is one index scan. */
export const interactionContacts = pgTable(
  'interaction_contacts',
  {
    workspaceId: workspaceIdColumn(),
    interactionId: uuid('interaction_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The interaction's touch class is `touch`: it resets the contact's cadence (touch-rule.ts). */
    isTouch: boolean('is_touch').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.interactionId, t.contactId] }),
    index('interaction_contacts_timeline_idx').on(t.workspaceId, t.contactId, t.occurredAt.desc()),
    index('interaction_contacts_touch_idx')
      .on(t.workspaceId, t.contactId, t.occurredAt.desc())
      .where(sql`${t.isTouch}`),
    foreignKey({
      columns: [t.workspaceId, t.interactionId],
      foreignColumns: [interactions.workspaceId, interactions.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
  ],
);

export const nextSteps = pgTable(
  'next_steps',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    contactId: uuid('contact_id').notNull(),
    action: text('action').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true, mode: 'date' }),
    /** The interaction that set this step, if any. */
    interactionId: uuid('interaction_id'),
    /** The event it waits for (a calendar UID), so a re-import moves or removes it; null when typed in. */
    externalId: text('external_id'),
    /** The interaction whose outbound touch completed this step, so undoing it reopens the step. */
    completedBy: uuid('completed_by'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('next_steps_open_idx').on(t.workspaceId, t.contactId, t.dueOn).where(sql`${t.doneAt} is null`),
    index('next_steps_contact_idx').on(t.workspaceId, t.contactId, t.createdAt),
    index('next_steps_external_idx').on(t.workspaceId, t.externalId).where(sql`${t.externalId} is not null`),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
  ],
);
