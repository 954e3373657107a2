import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inTransaction } from '../../db/transaction.ts';
import { contacts } from '../contacts/schema.ts';
import { mailboxes } from '../mailboxes/schema.ts';
import { sequenceEnrollments } from '../sequences/schema.ts';
import { stopReasonOf } from '../sequences/stop-rules.ts';
import { outbox, suppressions } from './schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;
type MailboxRow = typeof mailboxes.$inferSelect;

/**
 * What became of one attempt: sent, failed for good, held while its sequence is paused, put off until a time
 * (the send limits, or another attempt's lease), or nothing to do.
 */
export type SendOutcome = { state: 'sent' | 'failed' | 'done' | 'held' } | { state: 'deferred'; until: Date };

/** An email claimed for an attempt, or what the claim decided instead. */
export type Claim =
  | { outcome: SendOutcome }
  | { row: OutboxRow; mailbox: MailboxRow; mayHaveBeenSent: boolean; outcome?: undefined };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The row as one attempt holds it: later writes of the attempt apply only while no other attempt took it. */
export const byAttempt = (row: Pick<OutboxRow, 'workspaceId' | 'id' | 'attempts'>) =>
  and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id), eq(outbox.attempts, row.attempts));

/** Fails an email for good with why; the lease and its mark go with it. */
export async function failEmail(db: Db, row: OutboxRow, message: string, smtpResponse?: string) {
  await db
    .update(outbox)
    .set({
      status: 'failed',
      lastError: message,
      smtpResponse: smtpResponse ?? null,
      sendingUntil: null,
      updatedAt: new Date(),
    })
    .where(byAttempt(row));
}

/**
 * Why this email must not go out now: `fail` when it never may (the contact asked not to be contacted, the
 * address is suppressed, its enrolment was removed or stopped, or its stop rules now say so), `hold` while its
 * enrolment is paused.
 */
async function stopReason(db: Db, row: OutboxRow): Promise<{ fail: string } | 'hold' | null> {
  const [contact] = await db
    .select({ doNotContact: contacts.doNotContact })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, row.workspaceId), eq(contacts.id, row.contactId)));
  if (!contact) return { fail: 'the contact was deleted' };
  if (contact.doNotContact) return { fail: 'the contact is marked do not contact' };
  const [suppressed] = await db
    .select({ reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, row.workspaceId), eq(suppressions.email, row.toAddress)));
  if (suppressed) {
    return { fail: `${row.toAddress} ${suppressed.reason === 'bounce' ? 'bounced' : 'unsubscribed'}` };
  }
  if (!row.enrollmentId) return null;
  // A sequence's email: its enrolment must still be live, and its stop rules still quiet. The share lock
  // orders this read after a resume or stop that is committing, so a hold never misses the release.
  const [enrollment] = await db
    .select({ status: sequenceEnrollments.status, stopReason: sequenceEnrollments.stopReason })
    .from(sequenceEnrollments)
    .where(
      and(eq(sequenceEnrollments.workspaceId, row.workspaceId), eq(sequenceEnrollments.id, row.enrollmentId)),
    )
    .for('share');
  if (!enrollment) return { fail: 'the sequence enrolment was removed' };
  if (enrollment.status === 'stopped') {
    return { fail: `the sequence stopped: ${enrollment.stopReason ?? 'by hand'}` };
  }
  if (enrollment.status === 'paused') return 'hold';
  const reason = await stopReasonOf({ db, workspaceId: row.workspaceId, enrollmentId: row.enrollmentId });
  return reason ? { fail: `the sequence stopped: ${reason}` } : null;
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
      // The newest `limit` sends at most: the window is full when there are that many.
      .orderBy(desc(outbox.sentAt))
      .limit(w.limit);
    if (sent.length >= w.limit) {
      // It frees when the oldest of them leaves it.
      const oldest = sent[w.limit - 1]?.at ?? now;
      return new Date(oldest.getTime() + w.ms + 1000);
    }
  }
  return null;
}

/**
 * Claims an email for an attempt, under the row's lock: nothing to do once it is sent or failed; put off while
 * another attempt's lease runs; refused for good when a stop rule now says so; held while its sequence is
 * paused; put off while the mailbox is at its limits; else marked `sending` under a new lease of `leaseMs`
 * (the database's clock, which every worker shares). Answers whether an earlier attempt may have handed the
 * email to the server already.
 */
export async function claimEmail(options: {
  db: Db;
  workspaceId: string;
  outboxId: string;
  now: Date;
  leaseMs: number;
}): Promise<Claim> {
  return inTransaction(options.db, async (tx): Promise<Claim> => {
    const [found] = await tx
      .select({ row: outbox, isLeased: sql<boolean>`coalesce(${outbox.sendingUntil} > now(), false)` })
      .from(outbox)
      .where(and(eq(outbox.workspaceId, options.workspaceId), eq(outbox.id, options.outboxId)))
      .for('update');
    const row = found?.row;
    if (!row || row.status === 'sent' || row.status === 'failed') return { outcome: { state: 'done' } };
    // Another attempt owns it (it may be in SMTP right now, however stalled its job): look again after.
    if (found.isLeased && row.sendingUntil)
      return { outcome: { state: 'deferred', until: row.sendingUntil } };
    const stop = await stopReason(tx, row);
    if (stop === 'hold') {
      await tx
        .update(outbox)
        .set({ status: 'held', updatedAt: new Date() })
        .where(and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id)));
      return { outcome: { state: 'held' } };
    }
    if (stop) {
      await failEmail(tx, row, `not sent: ${stop.fail}`);
      return { outcome: { state: 'failed' } };
    }
    const [mailbox] = await tx
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, row.workspaceId), eq(mailboxes.id, row.mailboxId)));
    if (!mailbox?.smtpHost) {
      await failEmail(tx, row, 'not sent: the mailbox no longer sends mail');
      return { outcome: { state: 'failed' } };
    }
    // A lease mark left behind (or a row left `sending`): an earlier attempt got as far as SMTP.
    const mayHaveBeenSent = row.status === 'sending' || row.sendingUntil !== null;
    const until = mayHaveBeenSent ? null : await limitedUntil(tx, mailbox, options.now);
    if (until) return { outcome: { state: 'deferred', until } };
    const [claimed] = await tx
      .update(outbox)
      .set({
        status: 'sending',
        attempts: sql`${outbox.attempts} + 1`,
        sendingUntil: sql`now() + ${Math.round(options.leaseMs)} * interval '1 millisecond'`,
        updatedAt: new Date(),
      })
      .where(and(eq(outbox.workspaceId, row.workspaceId), eq(outbox.id, row.id)))
      .returning();
    if (!claimed) throw new Error(`outbox row ${row.id} vanished under its lock`);
    return { row: claimed, mailbox, mayHaveBeenSent };
  });
}
