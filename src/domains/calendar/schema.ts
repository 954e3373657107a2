import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { users } from '../workspaces/schema.ts';

/** pending until its first refresh; then ok or failed (with the error) after each refresh. */
export const SUBSCRIPTION_STATUSES = ['pending', 'ok', 'failed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/**
 * A calendar feed (an .ics URL) a user follows: a recurring job fetches it and applies it as an upload is
 * applied. It belongs to the user who added it: only they see it, and what it logs is written in their name.
 * The counts are those of the last refresh.
 */
export const calendarSubscriptions = pgTable(
  'calendar_subscriptions',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    url: text('url').notNull(),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('pending'),
    lastError: text('last_error'),
    lastRefreshedAt: timestamp('last_refreshed_at', { withTimezone: true, mode: 'date' }),
    events: integer('events').notNull().default(0),
    logged: integer('logged').notNull().default(0),
    nextSteps: integer('next_steps').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** The events the feed planned next steps for at its last refresh: one gone from the feed is cancelled. */
    plannedUids: text('planned_uids').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('calendar_subscriptions_user_idx').on(t.workspaceId, t.userId, t.createdAt),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);
