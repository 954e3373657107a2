import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { DUE_REASONS, STAGES } from '../../shared/vocabulary.ts';
import { tiers } from '../cadence/schema.ts';
import { companies } from '../companies/schema.ts';
import { users } from '../workspaces/schema.ts';

export { DUE_REASONS, type DueReason, STAGES, type Stage } from '../../shared/vocabulary.ts';

export type Phone = { label: string | null; number: string };

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    title: text('title'),
    companyId: uuid('company_id'),
    ownerId: uuid('owner_id'),
    tierId: uuid('tier_id'),
    /** Overrides the tier's interval when set. */
    intervalDays: integer('interval_days'),
    stage: text('stage', { enum: STAGES }).notNull().default('lead'),
    /**
     * When the contact last moved into an open stage (lead, qualified, opportunity) from another one; null when
     * it has been open since it was created. Set by a trigger on stage (migration 0024); attempts count from it.
     */
    leadSince: timestamp('lead_since', { withTimezone: true, mode: 'date' }),
    /** Sales readiness, 0 (cold) to 5 (ready to buy). */
    readiness: smallint('readiness').notNull().default(0),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    source: text('source'),
    phones: jsonb('phones').$type<Phone[]>().notNull().default(sql`'[]'::jsonb`),
    birthday: date('birthday', { mode: 'string' }),
    /** The LinkedIn profile's address, as given (vCard 4 SOCIALPROFILE, RFC 9554); duplicates match on it. */
    linkedinUrl: text('linkedin_url'),
    doNotContact: boolean('do_not_contact').notNull().default(false),
    snoozedUntil: date('snoozed_until', { mode: 'string' }),
    archived: boolean('archived').notNull().default(false),
    /** Lower-cased name, emails and company name: what fuzzy search matches against. */
    searchText: text('search_text').notNull().default(''),
    /** The distinct words of searchText (see search-text.ts searchWordsOf): what search looks contacts up by. */
    searchWords: text('search_words').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The distinct words of the contact's facts that everyone may see and of its open next steps, kept by
     * triggers on facts and next_steps (migration 0013): search's last tier. Private facts never count.
     */
    noteWords: text('note_words').array().notNull().default(sql`'{}'::text[]`),
    ...timestamps(),

    // Due state, stored so Today is an index range scan. Written only by domains/cadence/due-state.ts.
    lastTouchAt: timestamp('last_touch_at', { withTimezone: true, mode: 'date' }),
    /** Due date of the earliest open next step. */
    nextStepOn: date('next_step_on', { mode: 'string' }),
    /** When the contact is next due; null when it has no personal plan. */
    nextDueOn: date('next_due_on', { mode: 'string' }),
    dueReason: text('due_reason', { enum: DUE_REASONS }),
    /** The first day the contact shows on Today: greatest(nextDueOn, snoozedUntil); null = never on Today. */
    todayOn: date('today_on', { mode: 'string' }),
    /** No cadence and no open next step, and not reached by campaigns: listed under "No plan". */
    isOrphan: boolean('is_orphan').notNull().default(false),
    /** Outbound attempts since the last answer or since it became an open lead (cadence/attempts.ts). */
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.companyId],
      foreignColumns: [companies.workspaceId, companies.id],
    }),
    foreignKey({ columns: [t.workspaceId, t.tierId], foreignColumns: [tiers.workspaceId, tiers.id] }),
    foreignKey({ columns: [t.workspaceId, t.ownerId], foreignColumns: [users.workspaceId, users.id] }),
    // Today's ranking: a tier's due contacts in rank order (see cadence/today-query.ts), index-only.
    index('contacts_today_rank_owner_idx')
      .on(t.workspaceId, t.ownerId, t.tierId, t.nextDueOn, t.readiness.desc(), t.id, t.todayOn)
      .where(sql`${t.todayOn} is not null and ${t.intervalDays} is null`),
    index('contacts_today_rank_idx')
      .on(t.workspaceId, t.tierId, t.nextDueOn, t.readiness.desc(), t.id, t.todayOn)
      .where(sql`${t.todayOn} is not null and ${t.intervalDays} is null`),
    // ...and the few due contacts with an interval of their own, which rank apart from their tier; the
    // index holds every column the ranking reads, so it needs no table access (index-only).
    index('contacts_today_own_owner_idx')
      .on(t.workspaceId, t.ownerId, t.todayOn, t.nextDueOn, t.readiness, t.tierId, t.intervalDays, t.id)
      .where(sql`${t.todayOn} is not null and ${t.intervalDays} is not null`),
    index('contacts_today_own_idx')
      .on(t.workspaceId, t.todayOn, t.nextDueOn, t.readiness, t.tierId, t.intervalDays, t.id)
      .where(sql`${t.todayOn} is not null and ${t.intervalDays} is not null`),
    index('contacts_orphans_idx').on(t.workspaceId, t.ownerId).where(sql`${t.isOrphan}`),
    index('contacts_tier_idx').on(t.workspaceId, t.tierId),
    index('contacts_company_idx').on(t.workspaceId, t.companyId),
    index('contacts_owner_idx').on(t.workspaceId, t.ownerId),
    index('contacts_name_idx').on(t.workspaceId, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
    // Not led by workspace_id, unlike the other indexes: with btree_gin's workspace key every search
    // would read the workspace's whole posting list (450 pages, 8 ms at 1M contacts); the exact words
    // are selective on their own, and the workspace is checked on the few rows they find.
    index('contacts_search_words_idx').using('gin', t.searchWords),
    index('contacts_note_words_idx').using('gin', t.noteWords),
    index('contacts_tags_idx').using('gin', t.workspaceId, t.tags),
  ],
);

/** A contact's email addresses; an address belongs to one contact per workspace, case-insensitively. */
export const contactEmails = pgTable(
  'contact_emails',
  {
    workspaceId: workspaceIdColumn(),
    contactId: uuid('contact_id').notNull(),
    email: text('email').notNull(),
    position: smallint('position').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.email] }),
    uniqueIndex('contact_emails_email_key').on(t.workspaceId, sql`lower(${t.email})`),
    foreignKey({
      columns: [t.workspaceId, t.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
    }).onDelete('cascade'),
  ],
);

/**
 * Every word any contact's search text has had, per workspace: the vocabulary fuzzy search matches a
 * query's words against before it looks contacts up by exact words. Only ever grows; a stale word
 * costs a lookup that finds nobody.
 */
export const searchVocabulary = pgTable(
  'search_words',
  {
    workspaceId: workspaceIdColumn(),
    word: text('word').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.word] }),
    index('search_words_trgm_idx').using('gin', t.workspaceId, sql`${t.word} gin_trgm_ops`),
    // The word with each run of a letter squeezed to one: "hofman" finds "hoffmann", two slips apart.
    index('search_words_squeezed_idx').on(
      t.workspaceId,
      sql`regexp_replace(${t.word}, '(.)\\1+', '\\1', 'g')`,
    ),
  ],
);
