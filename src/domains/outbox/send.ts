import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { loadConfig } from '../../shared/config.ts';
import { contacts } from '../contacts/schema.ts';
import { recordTouches } from '../interactions/record-touches.ts';
import { emailTouch } from '../mailboxes/email-item.ts';
import { isInSentFolder } from '../mailboxes/imap.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import type { SealKey } from '../mailboxes/secret.ts';
import { smtpLoginOf, smtpTransport } from '../mailboxes/smtp.ts';
import { sequenceEnrollments } from '../sequences/schema.ts';
import { stopReasonOf } from '../sequences/stop-rules.ts';
import { outbox, suppressions } from './schema.ts';
import { unsubscribeToken } from './unsubscribe.ts';

type OutboxRow = typeof outbox.$inferSelect;
type MailboxRow = typeof mailboxes.$inferSelect;

/** What became of one attempt: sent, failed for good, put off until the send limits allow, or nothing to do. */
export type SendOutcome = { state: 'sent' | 'failed' | 'done' } | { state: 'deferred'; until: Date };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const where = (row: { workspaceId: string; id: string }) =>
  and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id));

async function fail(db: Db, row: OutboxRow, message: string, smtpResponse?: string) {
  await db
    .update(outbox)
    .set({ status: 'failed', lastError: message, smtpResponse: smtpResponse ?? null, updatedAt: new Date() })
    .where(where(row));
}

/**
 * Why this email must not go out any more: the contact asked not to be contacted, the address is suppressed,
 * or (a sequence's email) its enrolment stopped or its stop rules now say so.
 */
async function stopReason(db: Db, row: OutboxRow): Promise<string | null> {
  const [contact] = await db
    .select({ doNotContact: contacts.doNotContact })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, row.workspaceId), eq(contacts.id, row.contactId)));
  if (!contact) return 'the contact was deleted';
  if (contact.doNotContact) return 'the contact is marked do not contact';
  const [suppressed] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, row.workspaceId), eq(suppressions.email, row.toAddress)));
  if (suppressed) return `${row.toAddress} ${suppressed.reason === 'bounce' ? 'bounced' : 'unsubscribed'}`;
  if (!row.enrollmentId) return null;
  // A sequence's email: its enrolment must still be live, and its stop rules still quiet.
  const [enrollment] = await db
    .select({ status: sequenceEnrollments.status, stopReason: sequenceEnrollments.stopReason })
    .from(sequenceEnrollments)
    .where(
      and(eq(sequenceEnrollments.workspaceId, row.workspaceId), eq(sequenceEnrollments.id, row.enrollmentId)),
    );
  if (!enrollment) return 'the sequence enrolment was removed';
  if (enrollment.status === 'stopped') return `the sequence stopped: ${enrollment.stopReason ?? 'by hand'}`;
  if (enrollment.status === 'paused') return 'the sequence is paused';
  const reason = await stopReasonOf({ db, workspaceId: row.workspaceId, enrollmentId: row.enrollmentId });
  return reason ? `the sequence stopped: ${reason}` : null;
}

/** When the mailbox may send again, or null when it may now: at most its limits in any hour and any day. */
async function limitedUntil(db: Db, mailbox: MailboxRow, now: Date): Promise<Date | null> {
  const windows = [
    { ms: HOUR, limit: mailbox.hourlyLimit },
    { ms: DAY, limit: mailbox.dailyLimit },
  ];
  for (const w of windows) {
    const since = new Date(now.getTime() - w.ms);
    const sent = await db
      .select({ at: outbox.sentAt })
      .from(outbox)
      .where(
        and(
          eq(outbox.workspaceId, mailbox.workspaceId),
          eq(outbox.mailboxId, mailbox.id),
          gt(outbox.sentAt, since),
        ),
      )
      .orderBy(outbox.sentAt);
    if (sent.length >= w.limit) {
      // The window frees when the oldest send in it leaves it.
      const oldest = sent[sent.length - w.limit]?.at ?? now;
      return new Date(oldest.getTime() + w.ms + 1000);
    }
  }
  return null;
}

/**
 * Claims an email for an attempt, under the row's lock: nothing to do once it is sent or failed; refused for
 * good when a stop rule now says so; put off while the mailbox is at its limits; else marked `sending`.
 * Answers whether an earlier attempt was already sending it (and so may have handed it to SMTP).
 */
async function claim(options: { db: Db; workspaceId: string; outboxId: string; now: Date }) {
  return inTransaction(options.db, async (tx) => {
    const [row] = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.workspaceId, options.workspaceId), eq(outbox.id, options.outboxId)))
      .for('update');
    if (!row || row.status === 'sent' || row.status === 'failed')
      return { outcome: { state: 'done' } as const };
    const stop = await stopReason(tx, row);
    if (stop) {
      await fail(tx, row, `not sent: ${stop}`);
      return { outcome: { state: 'failed' } as const };
    }
    const [mailbox] = await tx
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, row.workspaceId), eq(mailboxes.id, row.mailboxId)));
    if (!mailbox?.smtpHost) {
      await fail(tx, row, 'not sent: the mailbox no longer sends mail');
      return { outcome: { state: 'failed' } as const };
    }
    const until = row.status === 'sending' ? null : await limitedUntil(tx, mailbox, options.now);
    if (until) return { outcome: { state: 'deferred', until } as const };
    await tx
      .update(outbox)
      .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1`, updatedAt: new Date() })
      .where(where(row));
    return { row, mailbox, wasSending: row.status === 'sending' };
  });
}

/**
 * RFC 8058 one-click unsubscribe for a sequence's email, when Kith knows its public address (KITH_PUBLIC_URL):
 * a mail program's Unsubscribe button posts to it, and the address is never written to again.
 */
function unsubscribeHeaders(row: OutboxRow, key: SealKey): Record<string, string> {
  const publicUrl = loadConfig().publicUrl;
  if (!publicUrl || row.source !== 'sequence') return {};
  const url = `${publicUrl}/api/unsubscribe/${unsubscribeToken(key, row.workspaceId, row.id)}`;
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** Marks an email sent and logs it as an outbound email with its contact, in one transaction. */
async function recordSent(db: Db, row: OutboxRow, reply: string, now: Date) {
  await inTransaction(db, async (tx) => {
    const [recorded] = await recordTouches({
      db: tx,
      workspaceId: row.workspaceId,
      actorId: row.userId,
      now,
      items: [
        emailTouch(
          {
            messageId: row.messageId,
            inReplyTo: null,
            direction: 'out',
            occurredAt: now,
            subject: row.subject,
            snippet: row.bodyText.slice(0, 2000),
            signals: {},
          },
          [row.contactId],
          row.source,
        ),
      ],
    });
    await tx
      .update(outbox)
      .set({
        status: 'sent',
        sentAt: now,
        smtpResponse: reply.slice(0, 1000),
        lastError: null,
        interactionId: recorded?.interaction.id ?? null,
        updatedAt: now,
      })
      .where(where(row));
  });
}

/**
 * One attempt at sending a queued email (the outbox's send job). SMTP happens between transactions: the
 * claim commits `sending` first, and `sent` is written after the server accepted. An attempt that finds the
 * email still `sending` knows an earlier one stopped in between: it looks for the Message-ID in the Sent
 * folder (sent: record it; absent: send), and without a way to look it fails the email as "may have been
 * sent" rather than risk sending it twice. A 5xx fails it for good (a 5.1.x also suppresses the address); a
 * 4xx or an unreachable server puts it back in the queue and throws, so the job retries with backoff.
 */
export async function sendQueued(options: {
  db: Db;
  workspaceId: string;
  outboxId: string;
  key: SealKey;
  now?: Date;
}): Promise<SendOutcome> {
  const { db } = options;
  const now = options.now ?? new Date();
  const claimed = await claim({ ...options, now });
  if ('outcome' in claimed && claimed.outcome) return claimed.outcome;
  const { row, mailbox, wasSending } = claimed;
  if (wasSending) {
    const found = await isInSentFolder(mailbox, options.key, row.messageId);
    if (found) {
      await recordSent(db, row, 'found in the Sent folder after an interrupted attempt', now);
      return { state: 'sent' };
    }
    if (found === null) {
      await fail(
        db,
        row,
        'may have been sent: an attempt stopped between handing it to the mail server and recording it, ' +
          'and this mailbox has no Sent folder to check. Look in your Sent mail before sending it again',
      );
      return { state: 'failed' };
    }
  }
  const login = smtpLoginOf(mailbox, options.key);
  if (!login) throw new Error(`mailbox ${mailbox.id} has no SMTP settings`);
  const transport = smtpTransport(login);
  try {
    const info = await transport.sendMail({
      from: mailbox.label ? { name: mailbox.label, address: mailbox.address } : mailbox.address,
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml,
      messageId: row.messageId,
      headers: { 'X-Kith-Outbox-Id': row.id, ...unsubscribeHeaders(row, options.key) },
    });
    await recordSent(db, row, String(info.response ?? 'accepted'), now);
    return { state: 'sent' };
  } catch (error) {
    const e = error as { responseCode?: number; response?: string; message?: string };
    const reply = e.response ?? e.message ?? String(error);
    if (e.responseCode && e.responseCode >= 500) {
      await inTransaction(db, async (tx) => {
        await fail(tx, row, `refused by the mail server: ${reply}`, reply);
        if (/\b5\.1\.\d+\b/.test(reply)) {
          await tx
            .insert(suppressions)
            .values({ workspaceId: row.workspaceId, email: row.toAddress, reason: 'bounce', detail: reply })
            .onConflictDoNothing();
        }
      });
      return { state: 'failed' };
    }
    await db
      .update(outbox)
      .set({ status: 'queued', lastError: reply.slice(0, 1000), updatedAt: new Date() })
      .where(where(row));
    throw error;
  } finally {
    transport.close();
  }
}
