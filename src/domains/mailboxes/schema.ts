import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';
import { IMAP_TLS_MODES } from '../../shared/mailbox-input.ts';
import { users } from '../workspaces/schema.ts';

export const IMAP_TLS = IMAP_TLS_MODES;
export type ImapTls = (typeof IMAP_TLS)[number];

export const MAILBOX_STATUSES = ['idle', 'syncing', 'error'] as const;

/** Where a folder's sync stands: the UIDVALIDITY it was read under and the highest UID taken. */
export type FolderState = { name: string; uidValidity: string; lastUid: number };

/**
 * Why a message was skipped: no known contact in From, To or Cc; a header longer than the part sync
 * fetches (its addresses and signals cannot be trusted); or nothing the server sent could be read.
 */
export const SKIP_REASONS = ['noContact', 'headerTooLarge', 'unreadable'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * What syncs did, added up: messages seen, logged, already logged, suggested, and skipped, with how many
 * were skipped for each reason (absent until one is; counts stored before it existed have none).
 */
export type SyncCounts = {
  seen: number;
  logged: number;
  duplicates: number;
  suggested: number;
  skipped: number;
  skipReasons?: Partial<Record<SkipReason, number>>;
};

export const emptyCounts = (): SyncCounts => ({
  seen: 0,
  logged: 0,
  duplicates: 0,
  suggested: 0,
  skipped: 0,
});

/** One user's mailbox: IMAP to read it, SMTP to send from it, or both; passwords sealed (secret.ts), never returned. */
export const mailboxes = pgTable(
  'mailboxes',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    userId: uuid('user_id').notNull(),
    label: text('label'),
    /** The user's own address in this mailbox: mail from it is outbound. */
    address: text('address').notNull(),
    /** IMAP, to read mail (sync); null for a mailbox that only sends. */
    imapHost: text('imap_host'),
    imapPort: integer('imap_port'),
    imapTls: text('imap_tls', { enum: IMAP_TLS }),
    imapUsername: text('imap_username'),
    /** The IMAP password, AES-256-GCM under the server's secret (secret.ts): iv, tag and ciphertext, base64. */
    passwordSealed: text('password_sealed'),
    /** SMTP, to send mail (the outbox); null for a mailbox that only reads. */
    smtpHost: text('smtp_host'),
    smtpPort: integer('smtp_port'),
    smtpTls: text('smtp_tls', { enum: IMAP_TLS }),
    /** Null for a server that takes mail without signing in. */
    smtpUsername: text('smtp_username'),
    smtpPasswordSealed: text('smtp_password_sealed'),
    /** How many emails it may send in any rolling day, and in any rolling hour. */
    dailyLimit: integer('daily_limit').notNull().default(200),
    hourlyLimit: integer('hourly_limit').notNull().default(50),
    /** The folders to read; empty means INBOX and the folder marked \Sent. */
    folders: text('folders').array().notNull().default(sql`'{}'::text[]`),
    /** Addresses and domains never to log or suggest. */
    ignore: text('ignore').array().notNull().default(sql`'{}'::text[]`),
    folderStates: jsonb('folder_states').$type<FolderState[]>().notNull().default(sql`'[]'::jsonb`),
    status: text('status', { enum: MAILBOX_STATUSES }).notNull().default('idle'),
    lastSyncAt: timestamp('last_sync_at', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    counts: jsonb('counts')
      .$type<SyncCounts>()
      .notNull()
      .default(sql`'{"seen":0,"logged":0,"duplicates":0,"suggested":0,"skipped":0}'::jsonb`),
    /** The last finished sync's own counts. */
    lastRun: jsonb('last_run').$type<SyncCounts>(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('mailboxes_user_idx').on(t.workspaceId, t.userId),
    foreignKey({
      columns: [t.workspaceId, t.userId],
      foreignColumns: [users.workspaceId, users.id],
    }).onDelete('cascade'),
  ],
);
