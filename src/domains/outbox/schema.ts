import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { idColumn, timestamps, workspaceIdColumn } from '../../db/columns.ts';

/**
 * queued → sending → sent, or failed (for good, with the server's reply); back to queued on a 4xx. `held`: a
 * paused sequence's email, which waits without a job until the enrolment is resumed or stopped.
 */
export const OUTBOX_STATUSES = ['queued', 'held', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_SOURCES = ['manual', 'sequence'] as const;

/**
 * Every email Kith sends: written in the transaction that decides to send it, with its final Message-ID,
 * then sent by a job (outbox/send-job.ts) after that transaction commits.
 */
export const outbox = pgTable(
  'outbox',
  {
    workspaceId: workspaceIdColumn(),
    id: idColumn(),
    mailboxId: uuid('mailbox_id').notNull(),
    /** Who sends it: the mailbox's user. */
    userId: uuid('user_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** Assigned when queued and used by every attempt, so the same email is recognised wherever it lands. */
    messageId: text('message_id').notNull(),
    source: text('source', { enum: OUTBOX_SOURCES }).notNull(),
    /** The sequence enrolment that sent it: its stop rules are checked again right before SMTP. */
    enrollmentId: uuid('enrollment_id'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /**
     * The end of the last attempt's lease: that attempt hands the message over well before it, and no other
     * touches the row until it has passed (outbox/send.ts). Kept when the email goes back to the queue (or is
     * held) after an attempt that may have handed it over, so the next one looks in the Sent folder first;
     * null once it is settled, or when no attempt got that far.
     */
    sendingUntil: timestamp('sending_until', { withTimezone: true, mode: 'date' }),
    lastError: text('last_error'),
    /** The SMTP server's last reply: its acceptance, or why it refused. */
    smtpResponse: text('smtp_response'),
    interactionId: uuid('interaction_id'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('outbox_message_key').on(t.workspaceId, t.messageId),
    index('outbox_user_idx').on(t.workspaceId, t.userId, t.createdAt),
    // Resuming or stopping an enrolment finds its held emails.
    index('outbox_held_idx').on(t.workspaceId, t.enrollmentId).where(sql`${t.status} = 'held'`),
    // The rolling send limits count a mailbox's recent sends.
    index('outbox_mailbox_sent_idx')
      .on(t.workspaceId, t.mailboxId, t.sentAt)
      .where(sql`${t.sentAt} is not null`),
  ],
);

export const SUPPRESSION_REASONS = ['bounce', 'unsubscribe'] as const;

/** Addresses never to send to again: a hard bounce (5.1.x) or an unsubscribe. */
export const suppressions = pgTable(
  'suppressions',
  {
    workspaceId: workspaceIdColumn(),
    /** Lower case. */
    email: text('email').notNull(),
    reason: text('reason', { enum: SUPPRESSION_REASONS }).notNull(),
    /** The server's reply for a bounce. */
    detail: text('detail'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.email] })],
);
