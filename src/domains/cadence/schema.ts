import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

import { CHANNELS } from '../../shared/vocabulary.ts';

export { CHANNELS, type Channel } from '../../shared/vocabulary.ts';

/** A cadence tier: one step of the workspace's rating scale. */
export const tiers = pgTable(
  'tiers',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    /** 1 = most important, 5 = least. */
    priority: smallint('priority').notNull(),
    /** Days between touches; null = no personal cadence. */
    intervalDays: integer('interval_days'),
    channel: text('channel', { enum: CHANNELS }).notNull().default('any'),
    requireNextStep: boolean('require_next_step').notNull().default(false),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('tiers_name_key').on(t.workspaceId, sql`lower(${t.name})`),
  ],
);

/** The owner key of contacts without an owner: a key column cannot be null. */
export const NO_OWNER_KEY = '00000000-0000-0000-0000-000000000000';

/**
 * How many of each owner's contacts first show on Today on each day (contacts.today_on), so Today's
 * counts add up a few hundred days instead of counting every due contact. Kept in step with contacts
 * by statement-level triggers (migration 0004_today_counts), in the same transaction as the write.
 */
export const todayCounts = pgTable(
  'today_counts',
  {
    workspaceId: workspaceIdColumn(),
    /** contacts.owner_id, or NO_OWNER_KEY. */
    ownerKey: uuid('owner_key').notNull(),
    todayOn: date('today_on', { mode: 'string' }).notNull(),
    contacts: integer('contacts').notNull(),
    /** Of them, those whose next_due_on is that day too: due on it, not overdue. */
    dueThatDay: integer('due_that_day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ownerKey, t.todayOn] })],
);
