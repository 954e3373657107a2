import { sql } from 'drizzle-orm';
import { boolean, integer, pgTable, primaryKey, smallint, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

export const CHANNELS = ['call', 'email', 'meeting', 'any', 'newsletter'] as const;
export type Channel = (typeof CHANNELS)[number];

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
